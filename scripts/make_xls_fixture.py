#!/usr/bin/env python3
"""Dev script: writes Tests/Fixtures/储备库2025.xls, the reserve library of the tests'
PlannerDistrict (Tests/RenoPlanTests/PlannerFormatsTests.swift, eight estates near Chengdu) as an
Excel 97-2003 workbook laid out as a district office lays it out (a merged title, a blank row, a
填报单位 line, a header of two rows under the merged group 基本情况, a 小计 row after the fourth
estate, a 合计 row and a 填表人 note), the same layout OfficeSheetTests writes as .xlsx with
libxlsxwriter. GDAL reads .xls but does not write it, so the file is made here with xlwt
(pip install xlwt) and kept in the repository. Not part of the product.

    python3 scripts/make_xls_fixture.py
"""
import pathlib

import xlwt

# PlannerDistrict.estates: id, built, households, area, consent, management, grade, hazards, cost, buildings
ESTATES = [
    ("CD001", 1985, 420, 29_400, 0.92, True, "C", ["gas", "fire"], 9_800_000, 6),
    ("CD002", 1990, 310, 21_700, 0.88, True, None, ["drainage"], None, 4),
    ("CD003", 1996, 560, 39_200, 0.81, True, "B", [], 15_600_000, 8),
    ("CD004", 2002, 180, 12_600, 0.95, True, "D", ["structure"], 5_400_000, 2),
    ("CD005", 1979, 260, 18_200, 0.70, True, "B", ["water", "power"], 7_300_000, 3),
    ("CD006", 1998, 640, 44_800, 0.90, False, "A", [], 17_900_000, 9),
    ("CD007", 1988, 380, 26_600, 0.86, True, None, ["heating"], 10_200_000, 5),
    ("CD008", 2004, 220, 15_400, 0.99, True, "B", [], 6_600_000, 3),
]


def main():
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("储备库")
    ws.write_merge(0, 0, 0, 11, "成都市某区2025年城镇老旧小区改造项目储备库")
    ws.write(2, 0, "填报单位：某街道办事处")
    ws.write(2, 9, "单位：元、户、㎡")
    ws.write_merge(3, 4, 0, 0, "序号")
    ws.write_merge(3, 4, 1, 1, "小区编号")
    ws.write_merge(3, 3, 2, 4, "基本情况")
    for col, name in [(2, "建成年代"), (3, "户数"), (4, "建筑面积")]:
        ws.write(4, col, name)
    for col, name in [(5, "同意率"), (6, "长效管理"), (7, "安全等级"), (8, "隐患"), (9, "改造估算"), (10, "楼栋数"), (11, "备注")]:
        ws.write_merge(3, 4, col, col, name)
    row = 5
    households = cost = 0
    for index, (eid, built, hh, area, consent, management, grade, hazards, money, buildings) in enumerate(reversed(ESTATES)):
        cells = [index + 1, eid, built, hh, area, consent, "是" if management else "否", grade,
                 "、".join(hazards) or None, money, buildings, "街道上报"]
        for col, value in enumerate(cells):
            if value is not None:
                ws.write(row, col, value)
        households += hh
        cost += money or 0
        row += 1
        if index == 3:
            ws.write(row, 0, "小计")
            ws.write(row, 3, households)
            ws.write(row, 9, cost)
            row += 1
    ws.write(row, 0, "合 计")
    ws.write(row, 3, households)
    ws.write(row, 9, cost)
    ws.write(row + 2, 0, "填表人：张三")
    out = pathlib.Path(__file__).resolve().parent.parent / "Tests" / "Fixtures" / "储备库2025.xls"
    book.save(str(out))
    print(out)


if __name__ == "__main__":
    main()
