#!/usr/bin/env python3
"""Prints each failed test in the TRX files given: its name, the first lines of its message and of its stack trace.

eng/test.sh runs the tests quietly (dotnet test -v q names a failed test and nothing else); this puts the reason
beside the summary, so a CI log alone says why a test failed.
"""
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
MESSAGE_LINES, STACK_LINES = 12, 6

for path in sys.argv[1:]:
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as error:
        print(f"[test.sh] could not read {path}: {error}")
        continue
    for result in root.iterfind(".//t:UnitTestResult[@outcome='Failed']", NS):
        print(f"[test.sh] FAILED {result.get('testName')}")
        info = result.find("t:Output/t:ErrorInfo", NS)
        for tag, limit in (("Message", MESSAGE_LINES), ("StackTrace", STACK_LINES)):
            text = info.findtext(f"t:{tag}", default="", namespaces=NS) if info is not None else ""
            lines = text.strip().splitlines()
            for line in lines[:limit]:
                print(f"    {line}")
            if len(lines) > limit:
                print(f"    … {len(lines) - limit} more lines in {path}")
