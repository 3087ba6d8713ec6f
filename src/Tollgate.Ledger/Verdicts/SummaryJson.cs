using System.Globalization;
using System.Text;

namespace Tollgate.Ledger.Verdicts;

/// <summary>A report's summary counts as the JSON object the ledger stores (<c>{"slices":3,"failed":0}</c>), keys in order.</summary>
internal static class SummaryJson
{
    public static string Of(IReadOnlyList<KeyValuePair<string, long>> summary)
    {
        var text = new StringBuilder(16 + summary.Count * 24).Append('{');
        for (var i = 0; i < summary.Count; i++)
        {
            var (key, value) = summary[i];
            text.Append(i == 0 ? "\"" : ",\"").Append(key).Append("\":").Append(value.ToString(CultureInfo.InvariantCulture));
        }

        return text.Append('}').ToString();
    }
}
