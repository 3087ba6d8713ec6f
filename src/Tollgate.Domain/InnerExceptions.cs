namespace Tollgate.Domain;

/// <summary>The causes a wrapped failure carries (a driver's or a client's exception around the OS's).</summary>
public static class InnerExceptions
{
    /// <summary>The first exception of type <typeparamref name="T"/> among <paramref name="failure"/>'s inner exceptions, nearest first.</summary>
    public static T? Inner<T>(this Exception failure)
        where T : Exception
    {
        for (var e = failure.InnerException; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }
}
