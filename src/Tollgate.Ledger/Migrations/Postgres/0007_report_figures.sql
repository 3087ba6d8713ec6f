-- The figures a report measured on everything it judged, flagged or not (a drift report: PSI, statistic, p-value,
-- effect of each feature and slice; a trend report: the series' slope), written in the verdict's own statement.
-- One row per value; at most ReportFigure.MaxPerReport figures per verdict (the report counts the rest).
CREATE TABLE report_figures (
    verdict_id bigint           NOT NULL REFERENCES verdicts (id),
    ordinal    integer          NOT NULL,
    address    text             NOT NULL,
    slice      text             NOT NULL,
    test       text             NOT NULL,
    flagged    boolean          NOT NULL,
    measure    text             NOT NULL,
    value      double precision NOT NULL,
    PRIMARY KEY (verdict_id, ordinal, measure)
);
