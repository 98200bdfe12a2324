// The estate properties of SPEC §1, drawn so that the district looks like an old district a planner
// knows: mostly 1980s–1990s walk-ups, most residents in favour, a tail of unsafe and incomplete
// housing concentrated in the oldest estates. Optional keys are sometimes written with their default
// and sometimes left out, as real data would, so readers of the files are exercised on both.

/// The properties of one estate feature, in the file's key names (SPEC §1, estates).
struct EstateProperties: Encodable {
    var id: String
    var name: String
    var builtYear: Int
    var households: Int
    var floorAreaM2: Int
    var consent: Double
    var managementAgreed: Bool?
    var safetyGrade: String?
    var completeUnits: Bool?
    var hazards: [String]?
    var costYuan: Int?
    var residentYuan: Int?
    var utilityYuan: Int?
    var socialYuan: Int?

    enum CodingKeys: String, CodingKey {
        case id, name, households, consent, hazards
        case builtYear = "built_year"
        case floorAreaM2 = "floor_area_m2"
        case managementAgreed = "management_agreed"
        case safetyGrade = "safety_grade"
        case completeUnits = "complete_units"
        case costYuan = "cost_yuan"
        case residentYuan = "resident_yuan"
        case utilityYuan = "utility_yuan"
        case socialYuan = "social_yuan"
    }
}

enum EstateAttributes {
    /// SPEC §1 hazards in the SPEC's order, with the chance each is present in the oldest estates.
    /// Heating is rare: Wuhan lies south of the central-heating line.
    static let hazardChances: [(String, Double)] = [
        ("gas", 0.50), ("fire", 0.40), ("structure", 0.22), ("drainage", 0.55),
        ("water", 0.42), ("power", 0.38), ("heating", 0.06), ("telecom", 0.32),
    ]

    /// Persons per household used to calibrate services (the scenario default, SPEC §2).
    static let personsPerHousehold = 2.62

    /// A completion year: ~6% 1970s, ~69% 1980–2000, ~15% 2001–2005, ~10% 2006–2015.
    static func drawBuiltYear(_ rng: inout Xoshiro256StarStar) -> Int {
        switch rng.weighted([0.06, 0.32, 0.37, 0.15, 0.10]) {
        case 0: return rng.int(1970...1979)
        case 1: return rng.int(1980...1989)
        case 2: return rng.int(1990...2000)
        case 3: return rng.int(2001...2005)
        default: return rng.int(2006...2015)
        }
    }

    /// Draws the properties of an estate with the given footprint, in the given block.
    static func draw(id: String, footprintM2: Double, block: Block, rng: inout Xoshiro256StarStar) -> EstateProperties {
        // Half the estates of a block were built within a couple of years of each other.
        let builtYear = rng.chance(0.55)
            ? min(2015, max(1970, block.eraYear + rng.int(-2...2)))
            : drawBuiltYear(&rng)
        // 0 for the newest estates, 1 for the oldest: drives hazards, grades and incomplete flats.
        let age = min(1, max(0, Double(2015 - builtYear) / 45))

        // Floor area = footprint × building coverage × floors (5–7-storey walk-ups), and about
        // 70–90 m² of gross floor area per household (older flats were smaller).
        let floors = builtYear < 1990 ? rng.int(5...6) : builtYear <= 2000 ? rng.int(5...7) : rng.int(6...7)
        let coverage = rng.uniform(0.30, 0.45)
        let perHousehold = builtYear < 1990 ? rng.uniform(70, 80) : rng.uniform(72, 90)
        var floorArea = footprintM2 * coverage * Double(floors)
        var households = Int((floorArea / perHousehold).rounded())
        if households < 60 || households > 1_500 {
            // Very small or very large compounds: keep the household count in the range planners
            // see and make the floor area agree with it (a sparser or denser estate).
            households = min(1_500, max(60, households))
            floorArea = Double(households) * perHousehold
        }
        let floorAreaM2 = Int(floorArea.rounded())

        var properties = EstateProperties(
            id: id,
            name: Names.estateName(builtYear: builtYear, rng: &rng),
            builtYear: builtYear,
            households: households,
            floorAreaM2: floorAreaM2,
            consent: drawConsent(&rng)
        )

        // SPEC §1 default is false; about 85% have agreed the management model.
        let agreed = rng.chance(0.85)
        properties.managementAgreed = agreed ? true : (rng.chance(0.5) ? false : nil)

        // About 8% grade C and 2% grade D overall, more among the oldest; "B" is the default.
        let u = rng.unit()
        let pD = 0.002 + 0.035 * age, pC = 0.02 + 0.12 * age, pA = max(0.05, 0.55 - 0.35 * age)
        let grade = u < pD ? "D" : u < pD + pC ? "C" : u < pD + pC + pA ? "A" : "B"
        properties.safetyGrade = grade == "B" && rng.chance(0.5) ? nil : grade

        // Flats without their own kitchen or bathroom (非成套住宅) are almost all 1970s–80s tube
        // buildings (筒子楼). Default true.
        let complete = !rng.chance(0.30 * age * age)
        properties.completeUnits = complete ? (rng.chance(0.35) ? true : nil) : false

        // Older estates have more hazards; a C/D appraisal almost always comes with a structural one.
        var hazards: [String] = []
        for (hazard, chance) in hazardChances {
            let p = hazard == "structure" && grade >= "C" ? 0.85 : chance * (0.15 + 0.85 * age)
            if rng.chance(p) { hazards.append(hazard) }
        }
        properties.hazards = hazards.isEmpty && rng.chance(0.6) ? nil : hazards

        // ~70% carry their own estimate (350–700 yuan/m²); the rest use the scenario's per_m2.
        var costBasis = Double(floorAreaM2) * 400
        if rng.chance(0.70) {
            let cost = Int((Double(floorAreaM2) * rng.uniform(350, 700)).rounded())
            properties.costYuan = cost
            costBasis = Double(cost)
        }

        // ~30% have pledges from residents, utilities (专业经营单位) or social capital: together
        // 2–25% of the cost, split at random among the parties present.
        if rng.chance(0.30) {
            let share = rng.uniform(0.02, 0.25)
            var weights = (0..<3).map { _ in rng.chance(0.6) ? rng.uniform(0.2, 1) : 0 }
            if weights.allSatisfy({ $0 == 0 }) { weights[rng.int(0...2)] = 1 }
            let total = weights.reduce(0, +)
            let amounts = weights.map { $0 == 0 ? nil : Int((costBasis * share * $0 / total).rounded()) }
            properties.residentYuan = amounts[0]
            properties.utilityYuan = amounts[1]
            properties.socialYuan = amounts[2]
        }
        return properties
    }

    /// Consent with two decimals: ~80% at 0.80–1.00 (more around 0.90), the rest 0.55–0.79.
    private static func drawConsent(_ rng: inout Xoshiro256StarStar) -> Double {
        let cents: Int
        if rng.chance(0.80) {
            // Half uniform, half triangular: no gap just above the 0.80 threshold, a bulge at 0.90.
            cents = 80 + (rng.chance(0.5) ? rng.int(0...20) : (rng.int(0...20) + rng.int(0...20) + 1) / 2)
        } else {
            cents = rng.int(55...79)
        }
        // An integer over 100 is the double nearest the two-decimal value: it prints as "0.93".
        return Double(cents) / 100
    }
}
