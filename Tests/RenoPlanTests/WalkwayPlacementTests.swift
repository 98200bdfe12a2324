import Foundation
import Testing

@testable import RenoPlan

/// The web-map shift check on a walkway layer (``LayerPlacement/notice``): streets run between
/// estates, so a shift that lays them across estates must not look like a better reading.
@Suite("Walkway placement")
struct WalkwayPlacementTests {
    /// Near Luoyang, where a QA district of 5,000 estates on a street grid was warned about.
    static let lon0 = 112.63, lat0 = 34.24

    /// Metres east/north of (lon0, lat0) as WGS 84 lon/lat.
    static func lonLat(_ x: Double, _ y: Double) -> Point2 {
        Point2(x: lon0 + x / (111_320 * cos(lat0 * .pi / 180)), y: lat0 + y / 110_574)
    }

    /// A street grid whose lines (east–west and north–south alike) lie at `edges` metres, an
    /// estate in each cell `margin` metres in from its edges, each street between two crossings
    /// one line of four segments (as the QA tester drew it). `written`: the system the walkway
    /// file is written in (nil: WGS 84, as the estates); `declared`: the walkways' `crs:`.
    /// `gates`: also a path from each estate's middle to the middle vertex of the street south
    /// of it (its way in).
    static func district(
        edges: [Double], margin: Double, written: ChineseCoordinates.System?, declared: String?, gates: Bool = false
    ) throws -> URL {
        let folder = TestFolders.fresh("renoplan-walkway-placement")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        func position(_ p: Point2) -> JSONValue { [.number(p.x), .number(p.y)] }
        let n = edges.count - 1
        var estates: [JSONValue] = []
        for row in 0..<n {
            for column in 0..<n {
                let x0 = edges[column] + margin, x1 = edges[column + 1] - margin
                let y0 = edges[row] + margin, y1 = edges[row + 1] - margin
                let ring = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)].map { lonLat($0.0, $0.1) }
                estates.append(TestGeo.estate(
                    String(format: "E%03d", row * n + column), ["type": "Polygon", "coordinates": [.array(ring.map(position))]]))
            }
        }
        var lines: [JSONValue] = []
        func street(_ from: (Double, Double), _ to: (Double, Double)) {
            let points = (0...4).map { k -> Point2 in
                let wgs = lonLat(from.0 + (to.0 - from.0) * Double(k) / 4, from.1 + (to.1 - from.1) * Double(k) / 4)
                return written.map { ChineseCoordinates.forward(wgs, $0) } ?? wgs
            }
            lines.append(TestGeo.feature(["type": "LineString", "coordinates": .array(points.map(position))], ["id": .string("W\(lines.count)")]))
        }
        for i in 0...n {
            for j in 0..<n {
                street((edges[j], edges[i]), (edges[j + 1], edges[i]))
                street((edges[i], edges[j]), (edges[i], edges[j + 1]))
            }
        }
        if gates {
            for row in 0..<n {
                for column in 0..<n {
                    // The street's middle vertex, as `street` computes it, so the two lines share it.
                    let x = edges[column] + (edges[column + 1] - edges[column]) * 2 / 4
                    let inner = lonLat(x, (edges[row] + edges[row + 1]) / 2), outer = lonLat(x, edges[row])
                    let points = [inner, outer].map { wgs in written.map { ChineseCoordinates.forward(wgs, $0) } ?? wgs }
                    lines.append(TestGeo.feature(["type": "LineString", "coordinates": .array(points.map(position))], ["id": .string("W\(lines.count)")]))
                }
            }
        }
        for (name, features) in [("estates", estates), ("walkways", lines)] {
            try JSONIO.encode(["type": "FeatureCollection", "features": .array(features)])
                .write(to: folder.appendingPathComponent("\(name).geojson"))
        }
        let walkways = declared.map { "{path: walkways.geojson, crs: \($0)}" } ?? "walkways.geojson"
        let url = folder.appendingPathComponent("scenario.yaml")
        try """
            name: street grid
            geodata: {estates: estates.geojson, walkways: \(walkways)}
            distance: network
            horizon: {start: 2025, years: 1}
            budget: {annual_yuan: [1e8]}
            report: {language: en}

            """.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// 24 cells of 170 m, as the tester's grid (4 km, beyond the 1,2xx m a BD-09 shift moves).
    static let regular = (0...24).map { Double($0) * 170 }
    /// 24 cells of 140 to 199 m: a city's blocks, which no shift lays back onto themselves (a
    /// regular grid moved by nearly its period looks in place, shifted or not).
    static let irregular = (0...24).reduce(into: [Double]()) { edges, i in edges.append(i == 0 ? 0 : edges[i - 1] + 140 + Double(i * 37 % 60)) }

    static func shiftWarnings(_ url: URL) -> [String] {
        let report = Validation.check(scenarioAt: url)
        #expect(report.errors.isEmpty, "\(report.errors)")
        return report.warnings.filter { $0.contains(" m off the estates") }
    }

    /// The QA tester's case: streets on a 170 m grid, estates 70 m squares between them, all in
    /// WGS 84. Read as BD-09 the grid moves 1,2xx m and its vertices land on estates as often as
    /// the estates cover the ground, at distance 0, which once halved the median distance (55 m
    /// as read: the vertices lie 50 m from the outlines, 71 m at the corners) and gave "add crs:
    /// BD-09". Those vertices lie across estates, and the layer as read crosses none.
    @Test func aCorrectStreetGridIsNotTakenForAShiftedOne() throws {
        let url = try Self.district(edges: Self.regular, margin: 50, written: nil, declared: nil)
        #expect(Self.shiftWarnings(url) == [])
    }

    /// A new user's case: correct streets with a path from each estate's middle to the street
    /// (its gate, inside the estate), on a district smaller than a BD-09 shift. The gates are
    /// dead ends, not streets across estates: no warning (it said "add crs: BD-09", which moved
    /// every distance).
    @Test func gatesInsideEstatesAreNotStreetsAcrossThem() throws {
        for cells in [6, 8, 12] {
            let url = try Self.district(edges: Array(Self.irregular.prefix(cells + 1)), margin: 15, written: nil, declared: nil, gates: true)
            #expect(Self.shiftWarnings(url) == [], "\(cells) cells")
        }
        // Written in GCJ-02 and read as WGS 84, the same district with its gates is still found.
        let shifted = Self.shiftWarnings(try Self.district(edges: Self.irregular, margin: 15, written: .gcj02, declared: nil, gates: true))
        #expect(shifted.count == 1 && shifted[0].hasSuffix("add crs: GCJ-02 to geodata.walkways"), "\(shifted)")
    }

    /// Blocks of a city, the streets 15 m from the outlines (so the median distance as read is
    /// small either way, and nearness alone says nothing): the same grid written in GCJ-02 or BD-09 and read
    /// in another system lays about half its vertices across estates, and only the system it was
    /// written in lays none: the warning names that one, for an undeclared layer and for one
    /// declared as the other web map's; declared right, none.
    @Test func aShiftedStreetGridNamesTheSystemItIsIn() throws {
        for written in ChineseCoordinates.System.allCases {
            let undeclared = Self.shiftWarnings(try Self.district(edges: Self.irregular, margin: 15, written: written, declared: nil))
            #expect(undeclared.count == 1 && undeclared[0].hasSuffix(
                "if they come from a Chinese web map, add crs: \(written.rawValue) to geodata.walkways"), "\(written): \(undeclared)")
            #expect(undeclared.first?.contains("as WGS 84, 0 as \(written.rawValue)") == true, "\(undeclared)")
            let other = ChineseCoordinates.System.allCases.first { $0 != written }!
            let misdeclared = Self.shiftWarnings(try Self.district(edges: Self.irregular, margin: 15, written: written, declared: other.rawValue))
            #expect(misdeclared.count == 1 && misdeclared[0].hasSuffix(
                "geodata.walkways says crs: \(other.rawValue); if they come from another web map, write crs: \(written.rawValue)"),
                "\(written) read as \(other): \(misdeclared)")
            #expect(Self.shiftWarnings(try Self.district(edges: Self.irregular, margin: 15, written: written, declared: written.rawValue)) == [])
        }
        // Written in WGS 84 and declared GCJ-02: remove that crs.
        let declared = Self.shiftWarnings(try Self.district(edges: Self.irregular, margin: 15, written: nil, declared: "GCJ-02"))
        #expect(declared.count == 1 && declared[0].hasSuffix(
            "geodata.walkways says crs: GCJ-02; if they are GPS or WGS 84 points, remove that crs"), "\(declared)")
        #expect(Self.shiftWarnings(try Self.district(edges: Self.irregular, margin: 15, written: nil, declared: nil)) == [])
    }
}
