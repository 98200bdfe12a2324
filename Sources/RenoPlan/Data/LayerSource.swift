import Foundation

/// How one `geodata` layer is read (SPEC §9): a path alone, or a mapping with the layer of a
/// multi-layer source, its CRS and attribute encoding, a joined attribute table and the names of
/// its columns.
public struct LayerSource: Sendable, Equatable {
    /// A layer of a GeoPackage, FileGDB or the sheet of an .xlsx point layer; nil = the only (or first) one.
    public var layer: String?
    /// This layer's CRS (also `GCJ-02`, `BD-09`); nil = the scenario's `crs`.
    public var crs: String?
    /// Attribute encoding (`cp936`, `GBK`, `UTF-8`); nil = the .cpg, else the .dbf code page byte, else UTF-8.
    public var encoding: String?
    /// An attribute table (.xlsx or .csv) joined to the geometries by `key`.
    public var table: URL?
    /// The sheet of an .xlsx table; nil = the first.
    public var sheet: String?
    /// The column joining geometries and table (its name after `columns`, usually `id`).
    public var key: String?
    /// Source column → SPEC §1 key, in the order the scenario gives them.
    public var columns: [ColumnMapping] = []
    /// The unit a key's column is in, where its name does not say it (a Shapefile cut it off:
    /// `改造费用(`): key → unit as written (`cost_yuan: 万元`), checked by the scenario loader.
    /// A key here that `columns` does not map is mapped from its own name (an identity entry in
    /// ``columns``), so that the layer is read through ``LayerJoin``.
    public var units: [String: String] = [:]
    /// Coordinate columns of a CSV/XLSX point layer.
    public var x: String?
    public var y: String?
    /// Walkways only: join line ends and vertices within this many metres (``WalkwaySnap``);
    /// nil = SPEC §3 (vertices within 0.01 m are one node, nothing else is joined).
    public var snapMeters: Double?
    /// `where`: an OGR SQL condition on the layer's own columns (GDAL's `-where`); only the
    /// features it selects are read. nil = every feature.
    public var filter: String?

    public init() {}

    public struct ColumnMapping: Sendable, Equatable {
        public var source: String
        public var key: String
        public init(source: String, key: String) {
            self.source = source
            self.key = key
        }
    }

    /// The name a source column takes after `columns`.
    func renamed(_ name: String) -> String {
        columns.first { $0.source == name }?.key ?? name
    }
}

/// The four `geodata` layers and the SPEC §1 keys each of them reads.
public enum LayerKind: String, Sendable, CaseIterable {
    case estates, facilities, sites, walkways

    /// Every property key SPEC §1 (and §10) gives this layer.
    public var keys: [String] {
        switch self {
        case .estates:
            return [
                "id", "name", "built_year", "households", "population", "floor_area_m2", "consent",
                "management_agreed", "safety_grade", "complete_units", "hazards", "cost_yuan", "resident_yuan",
                "utility_yuan", "social_yuan", "buildings", "improve", "upgrade", "improve_cost_yuan",
                "upgrade_cost_yuan",
            ]
        case .facilities: return ["id", "kind", "capacity_m2", "name"]
        case .sites: return ["id", "area_m2", "cost_per_m2", "kinds", "name"]
        case .walkways: return ["id", "name"]
        }
    }

    var geometry: GeometryRule {
        switch self {
        case .estates: return .polygonal
        case .facilities: return .point
        case .sites: return .pointOrPolygon
        case .walkways: return .lineal
        }
    }
}
