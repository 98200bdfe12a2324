// Existing facilities and candidate sites (SPEC §1), placed unevenly and calibrated against the
// elderly-care norm so that the demo has a real planning problem: on average the district has
// about 0.06 m² of elderly-care space per person against a norm of 0.1 (POLICY: 2023 national
// notice), some neighbourhoods are well served and some not at all, and the candidate sites
// (about 0.08 m² per person) can close many but not all of the gaps.

/// The properties of one facility feature (SPEC §1, facilities).
struct FacilityProperties: Encodable {
    var id: String
    var kind: String
    var name: String
    var capacityM2: Int?

    enum CodingKeys: String, CodingKey {
        case id, kind, name
        case capacityM2 = "capacity_m2"
    }
}

/// The properties of one candidate-site feature (SPEC §1, sites).
struct SiteProperties: Encodable {
    var id: String
    var areaM2: Int
    var costPerM2: Int
    var kinds: [String]?

    enum CodingKeys: String, CodingKey {
        case id, kinds
        case areaM2 = "area_m2"
        case costPerM2 = "cost_per_m2"
    }
}

/// A point facility with its properties.
struct PlacedFacility {
    var location: Point
    var properties: FacilityProperties
}

/// A site is a point (an idle building) or a polygon (a plot of spare land).
struct PlacedSite {
    enum Shape {
        case point(Point)
        case polygon(Polygon)
    }
    var shape: Shape
    var properties: SiteProperties
}

/// How one facility kind is counted, placed and sized.
private struct KindPlan {
    var kind: String
    /// Facilities per estate (the brief's counts for 300 estates, divided by 300).
    var perEstate: Double
    /// Share placed inside blocks; the rest stand on street corners.
    var insideShare: Double
    /// Capacity range in m², and the chance a facility of this kind states one.
    var capacity: ClosedRange<Int>?
    var capacityStated: Double = 1
}

enum ServicePlanner {
    /// District-wide elderly-care space per person the existing facilities add up to.
    static let elderlyCareM2PerPerson = 0.06
    /// District-wide candidate-site floor area per person.
    static let siteM2PerPerson = 0.08
    /// The largest mean elderly-care size calibration may reach; beyond it, more facilities are placed.
    static let elderlyCareMeanCapacityLimit = 1_700.0
    static let siteArea = 200.0...2_500.0

    private static let plans = [
        KindPlan(kind: "elderly_care", perEstate: 18.0 / 300, insideShare: 0.75, capacity: 150...2_500),
        KindPlan(kind: "day_care", perEstate: 20.0 / 300, insideShare: 0.85, capacity: 100...800),
        KindPlan(kind: "clinic", perEstate: 12.0 / 300, insideShare: 0.60, capacity: 150...1_500),
        KindPlan(kind: "kindergarten", perEstate: 25.0 / 300, insideShare: 0.90, capacity: 800...3_000),
        KindPlan(kind: "market", perEstate: 15.0 / 300, insideShare: 0.40, capacity: 300...2_500, capacityStated: 0.5),
        KindPlan(kind: "fitness", perEstate: 40.0 / 300, insideShare: 0.50, capacity: nil),
    ]

    /// Site `kinds` lists and their weights; nil = absent (any norm kind may be built there).
    private static let siteKinds: [([String]?, Double)] = [
        (nil, 0.35), (["elderly_care"], 0.25), (["elderly_care", "day_care"], 0.18),
        (["day_care", "clinic"], 0.08), (["elderly_care", "clinic"], 0.05),
        (["kindergarten"], 0.05), (["day_care"], 0.04),
    ]

    /// Places every facility kind in turn (ids in that order), with counts proportional to the
    /// number of estates and elderly care sized to `elderlyCareM2PerPerson × population`.
    ///
    /// - Complexity: O(estates); rejection sampling needs a few draws per facility on average.
    static func facilities(layout: Layout, estateCount: Int, population: Double, seed: UInt64,
                           rng: inout Xoshiro256StarStar) -> [PlacedFacility] {
        guard estateCount > 0, !layout.blocks.isEmpty else { return [] }
        let field = DensityField(seed: seed)
        var placed: [PlacedFacility] = []

        for (kindIndex, plan) in plans.enumerated() {
            var count = max(1, Int((plan.perEstate * Double(estateCount)).rounded()))
            var capacities: [Int?]
            if plan.kind == "elderly_care" {
                // Enough facilities that the target fits under the largest size with room to spare.
                let target = elderlyCareM2PerPerson * population
                count = max(count, Int((target / elderlyCareMeanCapacityLimit).rounded(.up)))
                let raw = (0..<count).map { _ in
                    rng.chance(0.3) ? rng.uniform(150, 500) : rng.uniform(600, 2_500)  // stations and centres
                }
                let range = plan.capacity ?? 150...2_500
                capacities = calibrate(raw, total: target, within: Double(range.lowerBound)...Double(range.upperBound))
                    .map { Optional($0) }
            } else {
                capacities = (0..<count).map { _ in
                    guard let range = plan.capacity, rng.chance(plan.capacityStated) else { return nil }
                    return rng.int(range)
                }
            }
            for capacity in capacities {
                let (location, block) = field.sample(layout: layout, kind: kindIndex, inside: plan.insideShare, rng: &rng)
                let name = Names.facilityName(kind: plan.kind, stem: block.communityStem, rng: &rng)
                placed.append(PlacedFacility(
                    location: location,
                    properties: FacilityProperties(id: "", kind: plan.kind, name: name, capacityM2: capacity)
                ))
            }
        }
        // Ids once the total is known, so they all have the same width.
        let width = max(4, String(placed.count).count)
        for index in placed.indices {
            placed[index].properties.id = "F" + zeroPadded(index + 1, width: width)
        }
        return placed
    }

    /// About one site per six estates, sized to `siteM2PerPerson × population` in total: idle
    /// buildings (points) anywhere, and plots of spare land (polygons) on a block's open land.
    static func sites(layout: Layout, estateCount: Int, population: Double, seed: UInt64,
                      rng: inout Xoshiro256StarStar) -> [PlacedSite] {
        guard estateCount > 0, !layout.blocks.isEmpty else { return [] }
        let count = max(1, Int((Double(estateCount) / 6).rounded()))
        let width = max(3, String(count).count)
        let field = ValueNoise(seed: seed ^ 0x5173_5173, cellMeters: 1_100)

        // First where and what, then the sizes (calibrated together), then the plot shapes.
        struct Draft {
            var block: Int, plot: Rect?, polygon: Bool, raw: Double, cost: Int, kinds: [String]?
        }
        let anyOpenLand = layout.blocks.contains { !$0.openLand.isEmpty }
        var drafts: [Draft] = []
        for _ in 0..<count {
            // About 30% are plots of spare land (polygons), which need a block with open land.
            let polygon = anyOpenLand && rng.chance(0.3)
            var blockIndex = 0
            repeat {
                blockIndex = rng.int(0...(layout.blocks.count - 1))
            } while !rng.chance(0.25 + 0.75 * field.value(at: layout.blocks[blockIndex].rect.centre))
                || (polygon && layout.blocks[blockIndex].openLand.isEmpty)
            let openLand = layout.blocks[blockIndex].openLand
            let plot = polygon || (!openLand.isEmpty && rng.chance(0.4)) ? rng.pick(openLand) : nil
            drafts.append(Draft(
                block: blockIndex,
                plot: plot,
                polygon: polygon,
                raw: rng.chance(0.55) ? rng.uniform(200, 900) : rng.uniform(900, 2_500),
                cost: rng.int(250...700) * 10,
                kinds: siteKinds[rng.weighted(siteKinds.map(\.1))].0
            ))
        }
        let areas = calibrate(drafts.map(\.raw), total: siteM2PerPerson * population, within: siteArea)

        return drafts.indices.map { index in
            let draft = drafts[index]
            let properties = SiteProperties(id: "S" + zeroPadded(index + 1, width: width), areaM2: areas[index],
                                            costPerM2: draft.cost, kinds: draft.kinds)
            let container = draft.plot ?? layout.blocks[draft.block].rect
            if draft.polygon, let plot = draft.plot, let polygon = sitePlot(areaM2: areas[index], in: plot, rng: &rng) {
                return PlacedSite(shape: .polygon(polygon), properties: properties)
            }
            return PlacedSite(shape: .point(randomPoint(in: container, margin: 500, rng: &rng)), properties: properties)
        }
    }

    /// A rectangular plot whose footprint holds `areaM2` on 1–3 floors, inside `land` with 2 m to spare.
    private static func sitePlot(areaM2: Int, in land: Rect, rng: inout Xoshiro256StarStar) -> Polygon? {
        // Small rooms are single-storey annexes; larger ones a building of up to three floors.
        let footprint = Double(areaM2) / Double(areaM2 < 600 ? 1 : rng.int(1...3))
        let aspect = rng.uniform(0.6, 1.6)
        let widthCM = min(Int((footprint * aspect).squareRoot() * 100), land.width - 400)
        let heightCM = min(Int((footprint / aspect).squareRoot() * 100), land.height - 400)
        guard widthCM >= 800, heightCM >= 800 else { return nil }
        let x = land.minX + rng.int(200...(land.width - widthCM - 200))
        let y = land.minY + rng.int(200...(land.height - heightCM - 200))
        return Polygon(Rect(minX: x, minY: y, maxX: x + widthCM, maxY: y + heightCM))
    }

    /// Scales `raw` so that the sizes, clamped to `range` and rounded to whole m², sum to about `total`.
    /// Bisection on the scale factor: the clamped sum grows monotonically with it.
    static func calibrate(_ raw: [Double], total: Double, within range: ClosedRange<Double>) -> [Int] {
        func sum(_ scale: Double) -> Double {
            raw.reduce(0) { $0 + min(range.upperBound, max(range.lowerBound, $1 * scale)) }
        }
        var low = 0.0, high = 1.0
        while sum(high) < total, high < 1e9 { high *= 2 }
        for _ in 0..<100 {
            let middle = (low + high) / 2
            if sum(middle) < total { low = middle } else { high = middle }
        }
        return raw.map { Int(min(range.upperBound, max(range.lowerBound, $0 * high)).rounded()) }
    }
}

/// Where services concentrate: a district-wide field (an old commercial centre, a hospital quarter)
/// blended with one per kind, so the kinds do not all cluster in the same places.
private struct DensityField {
    let common: ValueNoise
    let seed: UInt64

    init(seed: UInt64) {
        self.seed = seed
        common = ValueNoise(seed: seed ^ 0xFAC1_1171, cellMeters: 2_000)
    }

    func weight(at point: Point, kind: Int) -> Double {
        let own = ValueNoise(seed: seed ^ (0xC0FF_EE00 &+ UInt64(kind)), cellMeters: 1_200)
        let v = 0.7 * common.value(at: point) + 0.3 * own.value(at: point)
        return 0.01 + 0.99 * v * v * v
    }

    /// A location drawn by rejection from the field: inside a block, or on a street corner just
    /// outside one (on the pavement, 2–6 m into the street, which is at least 15 m wide).
    func sample(layout: Layout, kind: Int, inside: Double, rng: inout Xoshiro256StarStar) -> (Point, Block) {
        while true {
            let block = layout.blocks[rng.int(0...(layout.blocks.count - 1))]
            let point: Point
            if rng.chance(inside) {
                point = randomPoint(in: block.rect, margin: 500, rng: &rng)
            } else {
                let east = rng.chance(0.5), north = rng.chance(0.5)
                point = Point(x: east ? block.rect.maxX + rng.int(200...600) : block.rect.minX - rng.int(200...600),
                              y: north ? block.rect.maxY + rng.int(200...600) : block.rect.minY - rng.int(200...600))
            }
            if rng.chance(weight(at: point, kind: kind)) { return (point, block) }
        }
    }
}

extension ValueNoise {
    func value(at point: Point) -> Double {
        let (x, y) = Layout.offsetMeters(point)
        return value(x: x, y: y)
    }
}

/// A uniform point in `rect`, `margin` centimetres from its edges where the rectangle allows.
private func randomPoint(in rect: Rect, margin: Int, rng: inout Xoshiro256StarStar) -> Point {
    let mx = min(margin, rect.width / 4), my = min(margin, rect.height / 4)
    return Point(x: rng.int((rect.minX + mx)...(rect.maxX - mx)), y: rng.int((rect.minY + my)...(rect.maxY - my)))
}

/// `value` in decimal with leading zeros to at least `width` digits ("E0001", "S001").
func zeroPadded(_ value: Int, width: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
