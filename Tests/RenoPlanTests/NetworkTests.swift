import Foundation
import Testing

@testable import RenoPlan

/// Walking distances along the walkways (SPEC §3, `distance: network`).
@Suite("Network distance (SPEC §3)")
struct NetworkTests {
    static let minimal = "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e6]}\ndistance: network\n"

    /// A is [0,100]². Its gate is the vertex (50, 50) inside it. The walk to clinic F at
    /// (460, 100) goes (50,50) → (50,200) → (450,200) → (450,100), 150 + 400 + 100 = 650 m, then
    /// 10 m from F's node: 660 m (360 m by air). The line repeats (450, 200), which adds no edge.
    /// B = [600,700]×[0,100] has no vertex inside, so its gate is the nearest node (450, 100),
    /// 150 m from its edge: B → F = 150 + 0 + 10 = 160 m (140 m by air).
    @Test func exactWalkingDistances() throws {
        let district = TestDistrict(
            estates: [TestGeo.estate("A", TestGeo.rect(0, 0)), TestGeo.estate("B", TestGeo.rect(600, 0))],
            facilities: [TestGeo.facility("F", "clinic", 460, 100)],
            scenario: Self.minimal)
        var walk = district
        walk.walkways = [TestGeo.line([(50, 50), (50, 200), (450, 200), (450, 200), (450, 100)])]
        let network = try walk.analyse()
        #expect(network.coverage.nearestMeters[0]["clinic"] == 660)
        #expect(network.coverage.nearestMeters[1]["clinic"] == 160)
        #expect(network.network!.network.nodes.count == 4)
        #expect(network.network!.network.edgeCount == 3)

        var air = walk
        air.scenario = "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e6]}\n"
        let euclidean = try air.analyse()
        #expect(abs(euclidean.coverage.nearestMeters[0]["clinic"]! - 360) < 1e-9)
        #expect(abs(euclidean.coverage.nearestMeters[1]["clinic"]! - 140) < 1e-9)
    }

    /// A river runs along y = 250 with one bridge at x = 1000. Elderly care F at (50, 400) is
    /// 300 m from A = [0,100]² by air, but the walk is (50,50) → (50,150) → (1000,150) →
    /// (1000,350) → (50,350), 2,200 m, plus 50 m from F's node: 2,250 m, beyond the 1,000 m
    /// circle. B = [0,100]×[500,600] is on F's side: (50,550) → (50,350) = 200 m + 50 = 250 m.
    /// C has a walkway of its own that joins nothing; kindergarten K hangs off another isolated
    /// line 100 m away by air: unreachable on foot, and C gets a warning.
    static func riverDistrict(_ distance: String) -> TestDistrict {
        var district = TestDistrict(
            estates: [
                TestGeo.estate("A", TestGeo.rect(0, 0), households: 100),
                TestGeo.estate("B", TestGeo.rect(0, 500), households: 110),
                TestGeo.estate("C", TestGeo.rect(2000, 0), households: 10, extra: ["consent": 0.5]),
            ],
            facilities: [
                TestGeo.facility("F", "elderly_care", 50, 400, capacity: 100),
                TestGeo.facility("K", "kindergarten", 2200, 50),
            ],
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e6]}\ndistance: \(distance)\n"
                + "coverage: [{kind: elderly_care, within: 15}, {kind: kindergarten, within: 5}]\nnorms: []\n"
                + "score: {weights: {age: 1, service_gap: 1, hazard: 0, consent: 0, cofunding: 0}}\n")
        district.walkways = [
            TestGeo.line([(50, 50), (50, 150), (1000, 150), (1000, 350), (50, 350)]),
            TestGeo.line([(50, 550), (50, 350)]),
            TestGeo.line([(2050, 50), (2050, 200)]),
            TestGeo.line([(2200, 40), (2300, 40)]),
        ]
        return district
    }

    @Test func barrierAndDisconnectedComponent() throws {
        let network = try Self.riverDistrict("network").analyse()
        let euclidean = try Self.riverDistrict("euclidean").analyse()
        // Covered by air, not on foot.
        #expect(euclidean.coverage.covered[0] == [true, false])
        #expect(network.coverage.covered[0] == [false, false])
        #expect(network.coverage.nearestMeters[0].isEmpty)  // 2,250 m is beyond the 1,500 m search
        #expect(network.coverage.nearestMeters[1]["elderly_care"] == 250)
        // K is 100 m from C by air, unreachable on foot.
        #expect(euclidean.coverage.covered[2] == [false, true])
        #expect(network.coverage.covered[2] == [false, false])
        // The nearest node of the main part (the river line and B's path, 6 nodes) is
        // (1000, 150): 1,000 m west and 50 m north of C's corner (2000, 100), √(1000² + 50²) =
        // 1001.2 m. Nobody reaches K, so there is no warning about kindergartens.
        #expect(network.warnings.map(\.description) == [
            "estates.geojson: feature #2 (C): its gates reach no facility at all along the walkways (its part of the network "
                + "has none): is it connected? The network's main part (its largest connected part) comes within 1001.2 m of "
                + "the estate: join the estate's walkways to it there"
        ])
    }

    /// D = [0,100]×[300,400] is on a path of its own, (50,350)–(50,500), with market M2 at its
    /// end: D reaches a market but no clinic, however far it walks, while A on the main street
    /// (50,50)–(1000,50) reaches clinic C1 (and market M1). One warning for clinics, naming D
    /// and the main part's nearest node (50, 50), 250 m below D's edge. Without C1 and M1 the
    /// main street holds no facility: A, on it, reaches none (said so), and no estate reaches a
    /// clinic, so there is no warning about clinics.
    @Test func estatesThatReachSomeKindsOnly() throws {
        var district = TestDistrict(
            estates: [TestGeo.estate("A", TestGeo.rect(0, 0)), TestGeo.estate("D", TestGeo.rect(0, 300))],
            facilities: [
                TestGeo.facility("C1", "clinic", 1000, 60), TestGeo.facility("M1", "market", 500, 60),
                TestGeo.facility("M2", "market", 50, 510),
            ],
            scenario: Self.minimal + "coverage: [{kind: clinic, within: 15}, {kind: market, within: 10}]\nnorms: []\n")
        district.walkways = [TestGeo.line([(50, 50), (500, 50), (1000, 50)]), TestGeo.line([(50, 350), (50, 500)])]
        let analysis = try district.analyse()
        #expect(analysis.warnings.map(\.description) == [
            "estates.geojson: 1 estate reaches no clinic along the walkways however far it walks, while 1 estate reaches one: "
                + "the part of the network it is on holds other facilities but no clinic (the main part is the network's largest "
                + "connected part; feature #1 (D), 250.0 m from the main part): is the network connected there?"
        ])
        #expect(analysis.warnings.first?.text(Wording(.zh)) == "estates.geojson：有1个小区沿步行路网走多远都到不了卫生服务站，而另有1个小区能到："
            + "它们所在的那部分路网上有别的设施，却没有卫生服务站（路网主体指最大的连通部分；要素#1（D），离路网主体250.0米）：路网在那里是否连通？")

        district.facilities = [TestGeo.facility("M2", "market", 50, 510)]
        #expect(try district.analyse().warnings.map(\.description) == [
            "estates.geojson: feature #0 (A): its gates reach no facility at all along the walkways: they are on the network's "
                + "main part (its largest connected part), which no facility hangs off: are the facilities' walkways connected to it?"
        ])
    }

    /// Six estates E1…E6, E_k = [200k, 200k+100]×[0,100], each on a walkway of its own; the main
    /// street y = −200 has nodes at x = 0, 500, …, 2,000, estate A on it and clinic F off
    /// (1000, −200). One warning for the six, naming the first five with the distance to the
    /// nearest street node: E1 (200, 300]: √(200² + 200²) = 282.8 m to (0 or 500, −200); E2 holds
    /// x = 500 above it: 200.0 m; E3 and E4 are 100 m short of 500 and 1,000: √(100² + 200²) =
    /// 223.6 m; E5 holds x = 1,000: 200.0 m.
    @Test func manyCutOffEstatesAreOneWarning() throws {
        let cutOff: [JSONValue] = (1...6).map { (k: Int) -> JSONValue in TestGeo.estate("E\(k)", TestGeo.rect(Double(200 * k), 0)) }
        var district = TestDistrict(
            estates: [TestGeo.estate("A", TestGeo.rect(0, -250))] + cutOff,
            facilities: [TestGeo.facility("F", "clinic", 1000, -190)],
            scenario: Self.minimal + "coverage: [{kind: clinic, within: 15}]\nnorms: []\n")
        let street = TestGeo.line([(0, -200), (500, -200), (1000, -200), (1500, -200), (2000, -200)])
        let paths = (1...6).map { (k: Int) -> JSONValue in TestGeo.line([(Double(200 * k + 50), 20), (Double(200 * k + 50), 80)]) }
        district.walkways = [street] + paths
        let analysis = try district.analyse()
        #expect(analysis.warnings.map(\.description) == [
            "estates.geojson: 6 estates reach no facility at all along the walkways: the parts of the network they are on hold "
                + "none. Is the network connected? (The main part is the network's largest connected part; feature #1 (E1), 282.8 m "
                + "from the main part; feature #2 (E2), 200.0 m from the main part; feature #3 (E3), 223.6 m from the main part; "
                + "feature #4 (E4), 223.6 m from the main part; feature #5 (E5), 200.0 m from the main part; …): join their "
                + "walkways to the main part there"
        ])
    }

    /// The main street y = −200 (nodes at x = 0, 500, …, 3,000, the largest part) holds no
    /// facility: clinic F hangs off a path of its own far east. E1…E6, E_k = [200k, 200k+100] ×
    /// [−150, −50], have no node inside and take the street's nearest node as their gate: they
    /// are on the main part, and what cuts them off is that the clinic's path is not joined to
    /// it (joining their walkways to the main part, where they are already, would change
    /// nothing). G = [0,100]×[300,400] is on a path of its own, 500 m above the street's node (0,
    /// −200): it is the one to join to the main part.
    @Test func manyCutOffEstatesOnAMainPartWithoutFacilitiesSayWhy() throws {
        let onStreet: [JSONValue] = (1...6).map { (k: Int) -> JSONValue in TestGeo.estate("E\(k)", TestGeo.rect(Double(200 * k), -150)) }
        var district = TestDistrict(
            estates: [TestGeo.estate("G", TestGeo.rect(0, 300))] + onStreet,
            facilities: [TestGeo.facility("F", "clinic", 5000, 560)],
            scenario: Self.minimal + "coverage: [{kind: clinic, within: 15}]\nnorms: []\n")
        district.walkways = [
            TestGeo.line((0...6).map { (Double($0) * 500, -200) }),
            TestGeo.line([(5000, 450), (5000, 550)]),
            TestGeo.line([(50, 350), (50, 380)]),
        ]
        let analysis = try district.analyse()
        let warnings = analysis.warnings.filter { $0.problem.contains("reach no facility") }
        #expect(warnings.map(\.description) == [
            "estates.geojson: 7 estates reach no facility at all along the walkways: the parts of the network they are on hold "
                + "none. The network's main part (its largest connected part) holds no facility: the one facility hangs off "
                + "another part, and 6 of these estates are on the main part (feature #0 (G), 500.0 m from the main part; "
                + "feature #1 (E1), on the main part; feature #2 (E2), on the main part; feature #3 (E3), on the main part; "
                + "feature #4 (E4), on the main part; …): connect the facilities' walkways to the main part, and the walkways "
                + "of the estates off it where it comes nearest"
        ])
        #expect(warnings.first?.text(Wording(.zh)) == "estates.geojson：有7个小区沿步行路网到不了任何设施：它们所在的那部分路网上没有设施。"
            + "路网主体（最大的连通部分）上没有设施：唯一的设施挂在另一个连通部分上，其中6个小区就在路网主体上（要素#0（G），离路网主体500.0米；"
            + "要素#1（E1），在路网主体上；要素#2（E2），在路网主体上；要素#3（E3），在路网主体上；要素#4（E4），在路网主体上；……）："
            + "请把设施所在的步行道接入路网主体，并在最近处把不在主体上的小区的步行道接入")
    }

    /// A node on the estate's outline is a gate (distance 0 from the polygon). A = [0,100]² holds
    /// a stray fragment (20,20)–(40,20) joined to nothing; the street starts at (100,50) on A's
    /// outline and runs 200 m to (300,50); clinic F is 10 m off its end. Walk: 0 + 200 + 10 =
    /// 210 m. With only the strictly inside nodes as gates, A would walk from the fragment and
    /// reach nothing.
    @Test func outlineNodesAreGates() throws {
        var district = TestDistrict(
            estates: [TestGeo.estate("A", TestGeo.rect(0, 0))],
            facilities: [TestGeo.facility("F", "clinic", 300, 60)],
            scenario: Self.minimal)
        district.walkways = [TestGeo.line([(20, 20), (40, 20)]), TestGeo.line([(100, 50), (300, 50)])]
        let analysis = try district.analyse()
        #expect(analysis.coverage.nearestMeters[0]["clinic"] == 210)
        #expect(analysis.network!.gates[0].count == 3)
    }

    /// Lines that meet on the map but share no vertex are not joined (SPEC §3), and `validate`
    /// says where: #1 starts 0.4 m short of #0, #2 ends on #0's segment between its vertices
    /// (a T-junction drawn without a vertex). Not reported: #3 crosses #0 (a bridge does that),
    /// #4 shares #0's end vertex, #5 stops 3 m short (beyond the 1 m tolerance), and the far ends.
    /// The walkways of ``looseEndsAreNamed`` and ``snapJoinsLooseEnds``.
    static let looseEndLines = [
        TestGeo.line([(50, 50), (300, 50)]),
        TestGeo.line([(200, 50.4), (200, 300)]),
        TestGeo.line([(250, -100), (250, 50)]),
        TestGeo.line([(280, -50), (280, 150)]),
        TestGeo.line([(300, 50), (450, 60)]),
        TestGeo.line([(100, 53), (100, 200)]),
    ]

    @Test func looseEndsAreNamed() throws {
        var district = TestDistrict(
            estates: [TestGeo.estate("A", TestGeo.rect(0, 0))],
            facilities: [TestGeo.facility("F", "clinic", 450, 60)],
            scenario: Self.minimal)
        district.walkways = Self.looseEndLines
        let analysis = try district.analyse()
        #expect(analysis.warnings.map(\.description) == [
            "walkways.geojson: 2 line ends stop within 1 m of another walkway without a shared vertex, so the network "
                + "does not join them there (feature #1 ends 0.40 m from feature #0; feature #2 ends 0.00 m from feature #0): "
                + "a walk there goes round or nowhere; where the lines meet, give them a common vertex (QGIS: Snap geometries "
                + "to layer, then Split with lines; GRASS v.clean; PostGIS ST_Node), or let renoplan join every end within a "
                + "distance: geodata.walkways: {path: …, snap_m: 1}"
        ])
        // The report of a Chinese scenario says it in Chinese.
        #expect(analysis.warnings.first?.text(Wording(.zh)) == "walkways.geojson：有2处线端停在另一条步行道1米以内却没有共同节点，"
            + "路网在那里不相连（要素#1的端点距要素#0 0.40米；要素#2的端点距要素#0 0.00米）：步行到那里要绕行或走不通；"
            + "两线相接处请给它们一个共同节点（QGIS：捕捉几何到图层，再用线分割；GRASS v.clean；PostGIS ST_Node），"
            + "或让 renoplan 在给定距离内自动连接：geodata.walkways: {path: …, snap_m: 1}")
        // Joined, the walk from #2's end would be 150 m along #2 and 50 m along #0; as drawn,
        // #2 leads nowhere: the network has #2's two nodes apart from #0's.
        let network = analysis.network!.network
        let components = network.components()
        let node = { (x: Double, y: Double) in network.nodes.indices.min { a, b in
            hypot(network.nodes[a].x - TestGeo.x0 - x, network.nodes[a].y - TestGeo.y0 - y) < hypot(network.nodes[b].x - TestGeo.x0 - x, network.nodes[b].y - TestGeo.y0 - y) }! }
        #expect(components[node(250, 50)] != components[node(50, 50)])
        #expect(components[node(450, 60)] == components[node(50, 50)])
    }

    /// The district of ``looseEndsAreNamed`` with `geodata.walkways.snap_m: 0.5` and an estate
    /// B = [200,300]×[−200,−100] whose gate is #2's end (250, −100) on its outline. #1's end
    /// (200, 50.4) moves onto #0 at (200, 50) and #2's end (250, 50), on #0 without a vertex,
    /// becomes a vertex of it: two ends joined, no vertex merged (#4 starts exactly on #0's
    /// end already). The walk B → F is then 150 m up #2, 50 m along #0 and √(150² + 10²) m
    /// along #4. #5 stops 3 m short: beyond 0.5 m, left alone.
    @Test func snapJoinsLooseEnds() throws {
        var district = TestDistrict(
            estates: [TestGeo.estate("A", TestGeo.rect(0, 0)), TestGeo.estate("B", TestGeo.rect(200, -200))],
            facilities: [TestGeo.facility("F", "clinic", 450, 60)],
            scenario: Self.minimal)
        district.walkways = Self.looseEndLines
        let unsnapped = try district.analyse()
        #expect(unsnapped.coverage.nearestMeters[1]["clinic"] == nil)
        district.walkwaysSnap = 0.5
        let analysis = try district.analyse()
        #expect(analysis.warnings.map(\.description) == [
            "walkways.geojson: geodata.walkways.snap_m 0.5: 2 line ends joined to the walkway they stop at and 0 vertices "
                + "moved onto a vertex within 0.5 m, so the network meets there"
        ])
        let nearest = try #require(analysis.coverage.nearestMeters[1]["clinic"])
        #expect(abs(nearest - (150 + 50 + (150.0 * 150 + 10 * 10).squareRoot())) < 1e-6)
        // #0 now has vertices at 200 and 250; #1 starts at (200, 50); #3 crosses #0 and stays apart.
        let walkways = analysis.district.walkways
        #expect(walkways[0].lines[0].map { $0.x - TestGeo.x0 } == [50, 200, 250, 300])
        #expect(walkways[1].lines[0][0].y - TestGeo.y0 == 50)
        #expect(walkways[3].lines[0].count == 2)
    }

    /// ``WalkwaySnap`` on hand-made lines (metres): B starts 5 cm from A's end and takes its
    /// place (one vertex merged); C crosses A without a vertex (a bridge) and stays as it is; E
    /// stops 0.8 m short of D, beyond 0.5 m, and stays; no end lands on a segment.
    @Test func snapMovesOnlyWithinItsTolerance() {
        func walkway(_ i: Int, _ points: [(Double, Double)]) -> Walkway {
            Walkway(featureIndex: i, id: nil, shape: .lineString(points.map { Point2(x: $0.0, y: $0.1) }))
        }
        let lines = [
            walkway(0, [(0, 0), (10, 0)]), walkway(1, [(10.04, 0.03), (20, 0)]), walkway(2, [(5, -5), (5, 5)]),
            walkway(3, [(30, 0), (30, 10)]), walkway(4, [(30.8, 5), (40, 5)]),
        ]
        let (snapped, report) = WalkwaySnap.apply(lines, tolerance: 0.5)
        #expect(report == WalkwaySnap.Report(endsJoined: 0, verticesMerged: 1))
        #expect(snapped[1].lines[0] == [Point2(x: 10, y: 0), Point2(x: 20, y: 0)])
        for i in [0, 2, 3, 4] { #expect(snapped[i].lines == lines[i].lines) }
        // Nothing to do at 1 cm (SPEC §3's own merge covers that); at 1 m E joins D mid-segment.
        #expect(WalkwaySnap.apply(lines, tolerance: 0.01).report == WalkwaySnap.Report())
        let wide = WalkwaySnap.apply(lines, tolerance: 1)
        #expect(wide.report.endsJoined == 1)
        #expect(wide.walkways[3].lines[0] == [Point2(x: 30, y: 0), Point2(x: 30, y: 5), Point2(x: 30, y: 10)])
        #expect(wide.walkways[4].lines[0][0] == Point2(x: 30, y: 5))
        // A curve digitised every 0.1 m keeps every vertex at 0.5 m (its own, within 1 m along
        // it); a ring whose end stops 5 cm short of its start, 40 m round, is closed.
        let curve = (0...20).map { k in Point2(x: 50 + 2 * cos(Double(k) * 0.05), y: 2 * sin(Double(k) * 0.05)) }
        let ring = [(60.0, 0.0), (70, 0), (70, 10), (60, 10), (60, 0.05)].map { Point2(x: $0.0, y: $0.1) }
        let own = WalkwaySnap.apply([Walkway(featureIndex: 0, id: nil, shape: .lineString(curve)),
                                     Walkway(featureIndex: 1, id: nil, shape: .lineString(ring))], tolerance: 0.5)
        #expect(own.walkways[0].lines[0] == curve)
        #expect(own.walkways[1].lines[0].last == ring[0] && own.report.verticesMerged == 1)
    }

    /// Nodes just over SPEC §3's 0.01 m merge stay apart, and `validate` names them. #1's vertex
    /// (200.03, 50) is 3 cm from #0's (200, 50), and no walk joins them (#0 and #1 only cross):
    /// named. #4 is a ring whose end stops 2 cm short of its start: named, as two vertices of
    /// #4. Not named: #3's vertex (350.6, 50) is 0.6 m from #0's (beyond 0.5 m); #2 is a curve
    /// digitised with vertices 0.3 m apart, whose nodes (400, 0) and (400, 0.3) are 0.3 m apart
    /// and joined by a 0.9 m walk round the curve (and (400, 0)–(400.3, 0.3), 0.42 m, by 0.6 m);
    /// #5 ends 0.14 m from #0's start, a loose end that the loose-end warning names (both ends:
    /// each is a dead end within 1 m of the other line), not again as near nodes. The places are
    /// EPSG:4547 (500200, 3380050) and (500600, 3380000) in WGS 84, from pyproj.
    @Test func nearNodesAreNamed() throws {
        var district = TestDistrict(
            estates: [TestGeo.estate("A", TestGeo.rect(0, 0))],
            facilities: [TestGeo.facility("F", "clinic", 500, 60)],
            scenario: Self.minimal)
        func line(_ id: String, _ points: [(Double, Double)]) -> JSONValue {
            TestGeo.feature(["type": "LineString", "coordinates": .array(points.map { TestGeo.point($0.0, $0.1) })], ["id": .string(id)])
        }
        district.walkways = [
            line("W0", [(50, 50), (200, 50), (350, 50), (500, 50)]),
            line("W1", [(200.03, -100), (200.03, 50), (200.03, 200)]),
            line("W2", [(400, -50), (400, 0), (400.3, 0), (400.3, 0.3), (400, 0.3), (400, 40)]),
            line("W3", [(350.6, -100), (350.6, 50), (350.6, 200)]),
            line("W4", [(600, 0), (700, 0), (700, 100), (600, 100), (600, 0.02)]),
            line("W5", [(-100, 50.1), (49.9, 50.1)]),
        ]
        let analysis = try district.analyse()
        #expect(analysis.warnings.map(\.description) == [
            "walkways.geojson: 2 line ends stop within 1 m of another walkway without a shared vertex, so the network "
                + "does not join them there (feature #0 (W0) ends 0.14 m from feature #5 (W5); feature #5 (W5) ends 0.14 m "
                + "from feature #0 (W0)): a walk there goes round or nowhere; where the lines meet, give them a common vertex "
                + "(QGIS: Snap geometries to layer, then Split with lines; GRASS v.clean; PostGIS ST_Node), or let renoplan join "
                + "every end within a distance: geodata.walkways: {path: …, snap_m: 1}",
            "walkways.geojson: 2 pairs of walkway nodes lie less than 0.5 m apart with no walk of 1 m or less between them "
                + "(the network joins only vertices closer than 0.01 m), so streets that look joined there are not: a walk "
                + "from one to the other goes round or nowhere (feature #0 (W0) and feature #1 (W1), 0.030 m apart at lon "
                + "114.002084, lat 30.540666; two vertices of feature #4 (W4), 0.020 m apart at lon 114.006253, lat 30.540215); "
                + "where the lines are meant to meet, give them one vertex (QGIS: Snap geometries to layer; GRASS v.clean; "
                + "PostGIS ST_Snap), or let renoplan join them: geodata.walkways: {path: …, snap_m: 0.5}",
        ])
        #expect(analysis.warnings.last?.text(Wording(.zh)) == "walkways.geojson：有2对步行道节点相距不到0.5米，其间却没有1米以内的步行路径"
            + "（路网只合并相距不到0.01米的节点），看似相接的道路在那里并不相通：从一处走到另一处要绕行或走不通（要素#0（W0）与要素#1（W1）"
            + "相距0.030米，位于经度114.002084、纬度30.540666；要素#4（W4）的两个节点相距0.020米，位于经度114.006253、纬度30.540215）；"
            + "本应相接处请让它们共用一个节点（QGIS：捕捉几何到图层；GRASS v.clean；PostGIS ST_Snap），"
                + "或让 renoplan 自动连接：geodata.walkways: {path: …, snap_m: 0.5}")
        // A warning only: the distances are those of the lines as drawn. From A's gate (50, 50)
        // the clinic is 450 m along #0 to its end (500, 50), then 10 m.
        #expect(analysis.coverage.nearestMeters[0]["clinic"] == 460)
    }

    /// The close pairs of a million walkway nodes are found without comparing every pair: here
    /// checked against every pair of 3,000 points, some in tight clumps (a quarter of them
    /// within a few decimetres of another), some in a narrow column.
    @Test func closePairsAreEveryPair() {
        var state: UInt64 = 11
        func unit() -> Double {  // SplitMix64, in [0, 1)
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
        var points: [Point2] = []
        for i in 0..<3000 {
            switch i % 4 {
            case 0: points.append(Point2(x: unit() * 200, y: unit() * 200))
            case 1: points.append(Point2(x: points[i - 1].x + unit() * 0.6 - 0.3, y: points[i - 1].y + unit() * 0.6 - 0.3))
            case 2: points.append(Point2(x: 1000 + unit() * 0.4, y: unit() * 300))
            default: points.append(Point2(x: unit() * 2000, y: unit() * 2))
            }
        }
        var expected: [(Int, Int)] = []
        for i in points.indices {
            for j in (i + 1)..<points.count where hypot(points[i].x - points[j].x, points[i].y - points[j].y) < 0.5 {
                expected.append((i, j))
            }
        }
        let found = WalkwayJoints.closePairs(points, within: 0.5)
        #expect(expected.count > 700)
        #expect(found.map { [$0.0, $0.1] } == expected.map { [$0.0, $0.1] })
    }

    /// Budget 1M fits one estate (1M each). Scores weigh age (1 for both) and the service gap
    /// (elderly care and kindergarten; neither estate has a kindergarten within 300 m).
    /// By air both have elderly care: gap 0.5, score 100 × (1 + 0.5) / 2 = 75; B has more
    /// households (value 82.5 vs 75) and is chosen. On foot A has neither: gap 1, score 100,
    /// value 100, and A is chosen instead.
    @Test func planDiffersWithWalkingDistance() throws {
        let euclidean = try Self.riverDistrict("euclidean").plan()
        let network = try Self.riverDistrict("network").plan()
        #expect(euclidean.yearByID == ["A": nil, "B": 2025, "C": nil])
        #expect(network.yearByID == ["A": 2025, "B": nil, "C": nil])
        #expect(abs(euclidean.outcome.objective! - 82.5) < 1e-6)
        #expect(abs(network.outcome.objective! - 100) < 1e-6)
    }

    /// The 5-minute (300 m) walking area of A reaches (200, 200) along the walkway but not
    /// (300, 200), which the 300 m circle around A contains.
    @Test func livingCircleShapes() throws {
        var district = TestDistrict(
            estates: [TestGeo.estate("A", TestGeo.rect(0, 0))],
            facilities: [TestGeo.facility("F", "clinic", 460, 100)], scenario: Self.minimal)
        district.walkways = [TestGeo.line([(50, 50), (50, 200), (450, 200), (450, 100)])]
        let walking = try district.analyse()
        district.scenario = "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [1e6]}\n"
        let air = try district.analyse()
        func fiveMinuteArea(_ analysis: Analysis) throws -> Geometry {
            let circles = try JSONIO.decode(CircleWriter.data(analysis))["features"]!.arrayValue!
            #expect(circles.count == 3)  // 5, 10 and 15 minutes
            let five = circles.first { $0["properties"]!["minutes"] == 5 }!
            // Back from lon/lat to metres for the check.
            let shape = try JSONDocument(parsing: JSONIO.encode(five["geometry"]!)).withRoot { geometry in
                try parseShape(geometry["type"]!.stringValue!, geometry["coordinates"]!)
            }
            let metres = shape.replacingPoints(try analysis.district.toLonLat.inverse(shape.allPoints))
            return try Geometry(metres, in: analysis.district.geos)
        }
        func contains(_ area: Geometry, _ x: Double, _ y: Double) throws -> Bool {
            try PreparedGeometry(area).contains(Geometry(.point(Point2(x: TestGeo.x0 + x, y: TestGeo.y0 + y)), in: area.context))
        }
        let walkArea = try fiveMinuteArea(walking)
        #expect(try contains(walkArea, 190, 200))
        #expect(try !contains(walkArea, 300, 200))
        #expect(try walkArea.invalidityReason() == nil)
        let airArea = try fiveMinuteArea(air)
        #expect(try contains(airArea, 300, 200))
    }

    /// Real-world geometry: a MultiPolygon estate with a hole, estates that overlap, a facility
    /// inside an estate, a site given as a polygon, a MultiLineString walkway.
    @Test func realWorldGeometry() throws {
        let multi: JSONValue = [
            "type": "MultiPolygon",
            "coordinates": [
                [
                    [TestGeo.point(0, 0), TestGeo.point(200, 0), TestGeo.point(200, 200), TestGeo.point(0, 200), TestGeo.point(0, 0)],
                    [TestGeo.point(50, 50), TestGeo.point(50, 150), TestGeo.point(150, 150), TestGeo.point(150, 50), TestGeo.point(50, 50)],
                ],
                [[TestGeo.point(300, 0), TestGeo.point(350, 0), TestGeo.point(350, 50), TestGeo.point(300, 50), TestGeo.point(300, 0)]],
            ],
        ]
        var sitePolygon = TestGeo.site("S", 0, 0, area: 100, costPerM2: 1000)
        if case .object(var feature) = sitePolygon {
            feature["geometry"] = TestGeo.rect(500, 0, 50, 50)
            sitePolygon = .object(feature)
        }
        var district = TestDistrict(
            estates: [
                TestGeo.estate("M", multi, extra: ["population": 1000]),
                TestGeo.estate("O", TestGeo.rect(180, 180), extra: ["population": 1000]),  // overlaps M
            ],
            facilities: [TestGeo.facility("F", "elderly_care", 10, 10, capacity: 50)],  // inside M
            sites: [sitePolygon],
            scenario: Self.minimal)
        district.walkways = [
            TestGeo.feature(["type": "MultiLineString", "coordinates": [
                [TestGeo.point(10, 10), TestGeo.point(25, 25), TestGeo.point(250, 25)],
                [TestGeo.point(250, 25), TestGeo.point(250, 250), TestGeo.point(500, 250), TestGeo.point(525, 25)],
            ]], [:])
        ]
        let analysis = try district.analyse()
        // No warning of the geometry; the minimal scenario's 1M yuan a year buys not the 2M of M
        // and O, one cluster (BudgetCheck).
        #expect(analysis.warnings.map(\.file) == ["scenario.yaml:5: budget.annual_yuan"], "\(analysis.warnings)")
        // F sits on a walkway vertex inside M: distance 0, so M is covered at 0 m.
        #expect(analysis.coverage.nearestMeters[0]["elderly_care"] == 0)
        // O's gate: no vertex inside O ([180,280]²)? (250, 250) is inside it: 0 m; then
        // (250,250) → (250,25) → (25,25) → (10,10): 225 + 225 + √450 ≈ 471.2 m.
        #expect(abs(analysis.coverage.nearestMeters[1]["elderly_care"]! - (450 + 450.0.squareRoot())) < 1e-9)
        // The site polygon counts from its nearest point: node (525, 25) lies inside it.
        #expect(analysis.coverage.siteDemand[0][0] == 2000)
    }

    /// The demo's walkways as a survey would hand them over: every line end moved by 3–4 cm
    /// (a fixed pattern), so no two lines share a vertex any more. Walking coverage collapses
    /// and the warnings say why; with `snap_m: 0.1` every estate's covered kinds and every
    /// nearest walk are the drawn layer's again (within the few centimetres the ends moved).
    @Test func snappedSurveyLayerWalksAsTheDrawnOne() throws {
        let root = EndToEndTests.root
        let drawn = try Pipeline.analyse(scenarioAt: root.appendingPathComponent("scenarios/demo-network.yaml"))
        let folder = TestFolders.fresh("renoplan-snap")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        guard case .object(var collection) = try JSONIO.decode(Data(contentsOf: root.appendingPathComponent("geodata/demo/walkways.geojson"))),
            case .array(var features) = collection["features"]
        else { Issue.record("demo walkways"); return }
        for index in features.indices {
            guard case .object(var feature) = features[index], case .object(var geometry) = feature["geometry"],
                case .array(var points) = geometry["coordinates"], points.count >= 2
            else { continue }
            func moved(_ point: JSONValue, _ dx: Double, _ dy: Double) -> JSONValue {
                guard case .array(let xy) = point, case .number(let x) = xy[0], case .number(let y) = xy[1] else { return point }
                return [.number(x + dx), .number(y + dy)]
            }
            let sign: Double = index % 2 == 0 ? 1 : -1
            points[0] = moved(points[0], 0.03 * sign, -0.02)
            points[points.count - 1] = moved(points[points.count - 1], -0.025, 0.03 * sign)
            geometry["coordinates"] = .array(points)
            feature["geometry"] = .object(geometry)
            features[index] = .object(feature)
        }
        collection["features"] = .array(features)
        try JSONIO.encode(.object(collection)).write(to: folder.appendingPathComponent("walkways.geojson"))
        let demo = try String(contentsOf: root.appendingPathComponent("scenarios/demo-network.yaml"), encoding: .utf8)
        let base = demo.replacingOccurrences(of: "../geodata/demo/", with: root.path + "/geodata/demo/")
        func analyse(_ walkways: String) throws -> Analysis {
            let url = folder.appendingPathComponent("scenario.yaml")
            try base.replacingOccurrences(of: root.path + "/geodata/demo/walkways.geojson", with: walkways)
                .write(to: url, atomically: true, encoding: .utf8)
            return try Pipeline.analyse(scenarioAt: url)
        }
        let survey = try analyse("walkways.geojson")
        let coveredDrawn = drawn.coverage.covered.joined().count { $0 }
        #expect(survey.coverage.covered.joined().count { $0 } < coveredDrawn / 2)
        #expect(survey.warnings.contains { $0.description.contains("line ends stop within 1 m") })
        let snapped = try analyse("{path: walkways.geojson, snap_m: 0.1}")
        #expect(snapped.coverage.covered == drawn.coverage.covered)
        for e in drawn.district.estates.indices {
            for (kind, meters) in drawn.coverage.nearestMeters[e] {
                let got = try #require(snapped.coverage.nearestMeters[e][kind])
                #expect(abs(got - meters) < 0.2, "estate \(drawn.district.estates[e].id) \(kind)")
            }
        }
    }

    /// On the demo district: a walk is never shorter than the straight line (triangle
    /// inequality), so whatever is covered on foot is covered by air, and walking loses coverage.
    @Test func walkingIsNeverShorterThanAirOnTheDemo() throws {
        let root = EndToEndTests.root.appendingPathComponent("scenarios")
        let air = try Pipeline.analyse(scenarioAt: root.appendingPathComponent("demo.yaml"))
        let walk = try Pipeline.analyse(scenarioAt: root.appendingPathComponent("demo-network.yaml"))
        #expect(walk.network!.network.edgeCount > 1000)
        var longer = 0
        for e in air.district.estates.indices {
            for (kind, meters) in walk.coverage.nearestMeters[e] {
                let straight = try #require(air.coverage.nearestMeters[e][kind])
                #expect(meters >= straight - 1e-6, "estate \(air.district.estates[e].id) \(kind)")
                if meters > straight + 1 { longer += 1 }
            }
            for r in air.scenario.coverage.indices where walk.coverage.covered[e][r] {
                #expect(air.coverage.covered[e][r])
            }
        }
        #expect(longer > 100)  // detours are the rule, not the exception
        let coveredAir = air.coverage.covered.joined().filter { $0 }.count
        let coveredWalk = walk.coverage.covered.joined().filter { $0 }.count
        #expect(coveredWalk < coveredAir)
    }
}
