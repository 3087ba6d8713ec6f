-- The figures a report measured on everything it judged, flagged or not (a drift report: PSI, statistic, p-value,
-- effect of each feature and slice; a trend report: the series' slope), written in the verdict's own transaction.
-- One row per value; at most ReportFigure.MaxPerReport figures per verdict (the report counts the rest).
CREATE TABLE report_figures (
    verdict_id INTEGER NOT NULL REFERENCES verdicts (id),
    ordinal    INTEGER NOT NULL,
    address    TEXT    NOT NULL,
    slice      TEXT    NOT NULL,
    test       TEXT    NOT NULL,
    flagged    INTEGER NOT NULL,
    measure    TEXT    NOT NULL,
    value      REAL    NOT NULL,
    PRIMARY KEY (verdict_id, ordinal, measure)
) WITHOUT ROWID;
