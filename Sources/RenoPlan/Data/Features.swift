import Foundation

/// A residential estate (小区), SPEC §1. Coordinates are in the working CRS once loaded.
public struct Estate: Sendable {
    public var id: String
    public var name: String?
    public var builtYear: Int
    public var households: Int
    /// Given, or households × persons_per_household rounded half away from zero.
    public var population: Int
    public var floorAreaM2: Double
    public var consent: Double
    public var managementAgreed: Bool
    public var safetyGrade: String
    public var completeUnits: Bool
    public var hazards: [String]
    /// Given, or floor area × `costs.per_m2`.
    public var costYuan: Double
    public var residentYuan: Double
    public var utilityYuan: Double
    public var socialYuan: Double
    /// 0-based position in the estates file.
    public var featureIndex: Int
    var shape: Shape
    /// SPEC §10: the estate's own cost of an optional level (`improve_cost_yuan`, …), if given.
    public var levelCostYuan: [String: Double] = [:]
    /// SPEC §10: optional levels that do not apply to the estate (`improve: false`, …).
    public var levelsNotApplicable: Set<String> = []
    /// Residential buildings (楼栋数), when the file gives them: counted in the plan totals (§12).
    public var buildings: Int? = nil

    /// Pledged money from residents, utility companies and social capital.
    public var pledgedYuan: Double { residentYuan + utilityYuan + socialYuan }
    /// What public money must pay (before any linked-renovation saving).
    public var publicCostYuan: Double { max(0, costYuan - pledgedYuan) }
}

/// An existing service point, SPEC §1.
public struct Facility: Sendable {
    public var id: String
    public var kind: String
    public var name: String?
    public var capacityM2: Double?
    public var featureIndex: Int
    var shape: Shape
}

/// A place where new facility space can be built or leased (存量资源), SPEC §1.
public struct Site: Sendable {
    public var id: String
    public var areaM2: Double
    public var costPerM2Yuan: Double
    /// Kinds the site may host; nil = any norm kind.
    public var kinds: [String]?
    public var featureIndex: Int
    var shape: Shape

    public func mayHost(_ kind: String) -> Bool { kinds?.contains(kind) ?? true }
}

/// A line of the pedestrian network, SPEC §1 walkways.
public struct Walkway: Sendable {
    public var featureIndex: Int
    /// Its `id`, when the layer has one (warnings name it beside the feature's index).
    public var id: String?
    var shape: Shape

    /// Its lines: one for a LineString, each part of a MultiLineString.
    var lines: [Ring] {
        switch shape {
        case .lineString(let line): [line]
        case .multiLineString(let parts): parts
        default: []
        }
    }
}
