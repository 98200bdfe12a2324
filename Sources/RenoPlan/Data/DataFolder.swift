internal import CGDAL
import Foundation

/// What `renoplan init` finds in a folder of planners' files: every vector layer and table,
/// opened through GDAL/OGR (GeoJSON included), with its geometry, columns and CRS.
public struct DataFolder: Sendable {
    public struct Layer: Sendable {
        public enum Geometry: String, Sendable { case polygon, point, line, none }
        /// The file (or .gdb folder) name in the folder.
        public var file: String
        /// The layer's name inside the file (a sheet, a GeoPackage layer).
        public var name: String
        /// The number of layers in the file (a name is needed when there are several).
        public var layersInFile: Int
        public var geometry: Geometry
        public var columns: [String]
        public var features: Int
        /// `EPSG:code` of the file's own CRS (.prj, GeoPackage SRS), when GDAL can identify it,
        /// or the CGCS2000 Gauss–Krüger zone an unnamed CRS is (MapInfo's).
        public var crs: String?
        /// The CRS is an unnamed one taken as that zone (to be checked).
        public var crsIsZoneGuess = false
        /// The layer's extent lies outside longitude/latitude (projected coordinates in a file
        /// that names no CRS, as a GeoJSON export of projected data does).
        public var looksProjected = false
        /// How many features have each geometry, when the layer mixes them (a sites layer of
        /// points and polygons; `.none` counts features without a geometry); empty otherwise.
        public var geometryCounts: [Geometry: Int] = [:]
        /// The Gauss–Krüger zone number every easting begins with (`38510332.76`: zone 38), in a
        /// file that names no CRS; `crs` is then that zone's CGCS2000 code, to be checked.
        public var eastingZone: Int?
        /// The encoding its text is in where GDAL would not read it so (`cp936`), and why: a
        /// Shapefile without a .cpg, or whose .cpg says UTF-8, and a CSV, with text that is not
        /// UTF-8 and reads cleanly as GBK. The scenario must say it (`encoding:`), or the reader
        /// refuses the file.
        public var encoding: (name: String, why: String)?
        /// A layer's numbers, column by column: the first rows' values that read as numbers
        /// (up to ``sampleRows``), so that `init` can tell lon/lat from metres, and northing
        /// first, and the unit a column's name lost to a cut.
        public var samples: [String: [Double]] = [:]
    }

    /// How many rows of a table ``Layer/samples`` holds.
    static let sampleRows = 20

    public var folder: URL
    public var layers: [Layer]
    /// Files that could not be opened, with GDAL's reason.
    public var skipped: [(file: String, reason: String)]
    /// renoplan's own outputs in the folder (a `plan --out` into the data folder), not taken
    /// as data, with how they were told.
    public var outputs: [(file: String, why: String)] = []

    /// The files `init` opens: the formats of docs/data.md, and the other GIS files a district
    /// office has (MapInfo .tab/.mif, KML/KMZ, FlatGeobuf, GML); a MapInfo table's .dat/.map/.id
    /// parts are not layers of their own.
    static let extensions: Set<String> = [
        "geojson", "json", "shp", "gpkg", "gdb", "csv", "xlsx", "xls", "tab", "mif", "kml", "kmz", "fgb", "gml",
    ]

    /// Opens every file of a known extension in `folder` (not below it), in name order.
    public static func inspect(_ folder: URL) throws -> DataFolder {
        _ = OGRLayerReader.registered
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        var layers: [Layer] = []
        var skipped: [(String, String)] = []
        for name in names where extensions.contains((name as NSString).pathExtension.lowercased()) {
            let url = folder.appendingPathComponent(name)
            var options: [String] = []
            switch LayerFormat(url) {
            case .csv: options = ["HEADERS=YES", "AUTODETECT_TYPE=NO"]
            case .xlsx: options = ["HEADERS=FORCE"]
            default: break
            }
            CPLErrorReset()
            let format = LayerFormat(url)
            let found = SheetLayout.withHeader(format) { inspectFile(url, name: name, options: options) }
            switch found {
            case .success(let found): layers += found
            case .failure(let reason): skipped.append((name, reason.text))
            }
        }
        var found = DataFolder(folder: folder, layers: layers, skipped: skipped)
        found.setOutputsAside(in: Set(names))
        return found
    }

    /// The files each renoplan command writes with the JSON it writes beside them (docs/data.md).
    static let outputFamilies: [(files: Set<String>, beside: String, command: String)] = [
        (OutputFiles.plan, "summary.json", "plan"),
        (OutputFiles.coverage, "coverage.json", "coverage"),
        (OutputFiles.compare, "compare.json", "compare"),
    ]

    /// The property names renoplan's output layers have and a planner's data does not: a plan's
    /// estates (plan.geojson), the space it adds on sites (sites.geojson), coverage per estate
    /// (coverage.geojson).
    static let outputColumns: [(columns: Set<String>, what: String)] = [
        (["status", "net_cost_yuan", "reasons"], "renoplan's plan of the estates"),
        (["demand_persons", "serves"], "renoplan's space added on sites"),
        (["covered", "access", "nearest_m"], "renoplan's coverage of the estates"),
    ]

    /// Moves renoplan's own outputs out of ``layers`` into ``outputs``: a file of a command's
    /// outputs with that command's JSON beside it (`plan.geojson` beside `summary.json`), or a
    /// layer with the properties of one (a plan.geojson renamed or moved). Left in, a later
    /// `init` took a plan's 111 estate polygons for the estates.
    mutating func setOutputsAside(in names: Set<String>) {
        var outputs: [String: String] = [:]
        for layer in layers where outputs[layer.file] == nil {
            if let family = Self.outputFamilies.first(where: { $0.files.contains(layer.file) && names.contains($0.beside) }) {
                outputs[layer.file] = "\(family.beside) beside it: written by renoplan \(family.command)"
            } else if let output = Self.outputColumns.first(where: { $0.columns.isSubset(of: layer.columns) }) {
                outputs[layer.file] = "its properties are \(output.what)"
            }
        }
        self.outputs += outputs.sorted { $0.key < $1.key }.map { (file: $0.key, why: $0.value) }
        layers.removeAll { outputs[$0.file] != nil }
    }

    private struct Reason: Error { let text: String }

    /// Every layer of one file (GDAL opening it with `options`), or GDAL's reason for not opening it.
    private static func inspectFile(_ url: URL, name: String, options: [String]) -> Result<[Layer], Reason> {
        var layers: [Layer] = []
        do {
            let opened: GDALDatasetH? = withCStrings(options) {
                GDALOpenEx(url.path, UInt32(GDAL_OF_VECTOR | GDAL_OF_READONLY), nil, $0, nil)
            }
            guard let dataset = opened else { return .failure(Reason(text: String(cString: CPLGetLastErrorMsg()))) }
            defer { GDALClose(dataset) }
            let count = GDALDatasetGetLayerCount(dataset)
            for index in 0..<count {
                guard let layer = GDALDatasetGetLayer(dataset, index) else { continue }
                let definition = OGR_L_GetLayerDefn(layer)
                // A field's alias where it has one (a File Geodatabase's 户数 for HS): the name
                // the planner sees, and the one the reader takes when `columns:` maps it.
                let columns = zip(0..<OGR_FD_GetFieldCount(definition), OGRLayerReader.aliases(definition)).map { field, alias -> String in
                    alias ?? OGRLayerReader.text(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(definition, field))!, recodingFrom: "CP936")
                }
                func kind(_ type: OGRwkbGeometryType) -> Layer.Geometry {
                    switch OGR_GT_Flatten(type) {
                    case wkbPolygon, wkbMultiPolygon, wkbCurvePolygon, wkbMultiSurface: return .polygon
                    case wkbPoint, wkbMultiPoint: return .point
                    case wkbLineString, wkbMultiLineString, wkbCompoundCurve, wkbMultiCurve: return .line
                    default: return .none
                    }
                }
                var geometry = kind(OGR_L_GetGeomType(layer))
                var counts: [Layer.Geometry: Int] = [:]
                if geometry == .none, OGR_GT_Flatten(OGR_L_GetGeomType(layer)) != wkbNone {
                    // A layer of mixed types (GeoJSON with Polygon and MultiPolygon features) says
                    // "unknown": its features tell, counted so that the scenario can say what
                    // the layer holds.
                    OGR_L_ResetReading(layer)
                    while let feature = OGR_L_GetNextFeature(layer) {
                        defer { OGR_F_Destroy(feature) }
                        counts[OGR_F_GetGeometryRef(feature).map { kind(OGR_G_GetGeometryType($0)) } ?? .none, default: 0] += 1
                    }
                    OGR_L_ResetReading(layer)
                    var seen = Set(counts.keys).subtracting([.none])
                    // Sites may mix points and polygons (a polygon counts from its nearest point).
                    if seen == [.point, .polygon] { seen = [.point] }
                    if seen.count == 1, let only = seen.first { geometry = only }
                    if counts.count == 1 || counts.keys.allSatisfy({ $0 == .none }) { counts = [:] }
                }
                var crs: String?
                var zoneGuess = false
                if let reference = OGR_L_GetSpatialRef(layer), let clone = OSRClone(reference) {
                    defer { OSRDestroySpatialReference(clone) }
                    _ = OSRAutoIdentifyEPSG(clone)
                    if let authority = OSRGetAuthorityName(clone, nil), let code = OSRGetAuthorityCode(clone, nil) {
                        crs = "\(String(cString: authority)):\(String(cString: code))"
                    } else if let zone = FileCRSCheck.gaussKrugerZone(reference) {
                        crs = zone
                        zoneGuess = true
                    }
                }
                var extent = OGREnvelope()
                let projected = geometry != .none && OGR_L_GetExtent(layer, &extent, 1) == OGRERR_NONE
                    && (max(abs(extent.MinX), abs(extent.MaxX)) > 180 || max(abs(extent.MinY), abs(extent.MaxY)) > 90)
                // Eastings with the zone number in front, in a file without a CRS: that zone.
                var eastingZone: Int?
                // (GDAL gives a GeoJSON without a "crs" member WGS 84, which metres cannot be.)
                if projected, crs == nil || crs == "EPSG:4326", let zone = SurveyCoordinates.zoneNumber(ofEasting: extent.MinX),
                    SurveyCoordinates.zoneNumber(ofEasting: extent.MaxX) == zone, let code = SurveyCoordinates.numberedZone(zone)
                {
                    crs = code
                    eastingZone = zone
                }
                let layerName = String(cString: OGR_L_GetName(layer))
                var found = Layer(
                    file: name, name: layerName, layersInFile: Int(count),
                    geometry: geometry, columns: columns, features: Int(OGR_L_GetFeatureCount(layer, 1)), crs: crs)
                // A sheet with a title row above its header: the columns are the header's, and
                // its data begin below them (GDAL's first feature is the sheet's second row).
                var skip = 0
                if let layout = SheetLayout.of(url, layerName: layerName, decode: { OGRLayerReader.text($0, recodingFrom: "CP936") }) {
                    found.columns = layout.names
                    found.features = layout.rowsBelow ?? found.features
                    skip = layout.firstData - 1
                }
                found.looksProjected = projected
                found.crsIsZoneGuess = zoneGuess
                found.geometryCounts = counts
                found.eastingZone = eastingZone
                found.encoding = encoding(of: layer, url: url)
                if found.columns.count == columns.count { found.samples = samples(layer, columns: found.columns, skip: skip) }
                if geometry == .none, [.csv, .xlsx].contains(LayerFormat(url)) {
                    found.features = dataRows(layer, skip: skip)
                }
                layers.append(found)
            }
        }
        return .success(layers)
    }

    /// How many rows of a table after `skip` rows are data, as the reader counts them: not
    /// blank, not a subtotal or total (合计), not a note below the table (填表人：…) —
    /// ``SheetLayout/kind(_:key:)``.
    ///
    /// - Complexity: O(rows × columns).
    private static func dataRows(_ layer: OGRLayerH, skip: Int) -> Int {
        let fields = OGR_FD_GetFieldCount(OGR_L_GetLayerDefn(layer))
        OGR_L_ResetReading(layer)
        defer { OGR_L_ResetReading(layer) }
        for _ in 0..<max(0, skip) { OGR_L_GetNextFeature(layer).map(OGR_F_Destroy) }
        var count = 0
        while let feature = OGR_L_GetNextFeature(layer) {
            defer { OGR_F_Destroy(feature) }
            let cells = (0..<fields).map { field in
                OGR_F_IsFieldSetAndNotNull(feature, field) != 0
                    ? OGRLayerReader.text(OGR_F_GetFieldAsString(feature, field), recodingFrom: "CP936") : nil
            }
            if SheetLayout.kind(cells) == .data { count += 1 }
        }
        return count
    }

    /// How many rows ``encoding(of:url:)`` looks at.
    static let encodingRows = 200

    /// `cp936` when the column names or the text of the first ``encodingRows`` rows of a
    /// Shapefile or CSV, as GDAL gives them, are not UTF-8 and read cleanly as GBK (as the reader
    /// would refuse them without `encoding:`), with why; nil otherwise.
    private static func encoding(of layer: OGRLayerH, url: URL) -> (name: String, why: String)? {
        let format = LayerFormat(url)
        guard format == .shapefile || format == .csv else { return nil }
        let definition = OGR_L_GetLayerDefn(layer)
        let fields = OGR_FD_GetFieldCount(definition)
        let names = (0..<fields).map { UnsafePointer(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(definition, $0))!) }
        var gbk: Bool? = TextEncoding.badNames(names, format: format).map { $0.gbk }
        if gbk == nil {
            OGR_L_ResetReading(layer)
            defer { OGR_L_ResetReading(layer) }
            var rows = 0
            rows: while rows < encodingRows, let feature = OGR_L_GetNextFeature(layer) {
                defer { OGR_F_Destroy(feature) }
                rows += 1
                for field in 0..<fields where OGR_F_IsFieldSetAndNotNull(feature, field) != 0 {
                    let width = Int(OGR_Fld_GetWidth(OGR_FD_GetFieldDefn(definition, field)))
                    if let found = TextEncoding.gbkIfNotUTF8(OGR_F_GetFieldAsString(feature, field)!, width: width) {
                        gbk = found
                        break rows
                    }
                }
            }
        }
        guard gbk == true else { return nil }
        if format == .csv { return ("cp936", "CHECK: its text is not UTF-8 and reads as GBK (a CSV saved by Excel or WPS on a Chinese Windows)") }
        if let codePage = TextEncoding.codePage(ofShapefile: url) {
            return ("cp936", "CHECK: \(codePage.words), but its text is not UTF-8 and reads as GBK")
        }
        return ("cp936", "CHECK: the file names no code page (no .cpg) and its text is not UTF-8; it reads as GBK")
    }

    /// The first ``sampleRows`` rows' numbers of each column after `skip` rows, each cell read
    /// as the reader reads a coordinate (``OGRLayerReader/coordinate(_:)``: `"3386127.17"`,
    /// `114°18′30.5″`); other cells left out.
    private static func samples(_ layer: OGRLayerH, columns: [String], skip: Int) -> [String: [Double]] {
        var found: [String: [Double]] = [:]
        OGR_L_ResetReading(layer)
        defer { OGR_L_ResetReading(layer) }
        for _ in 0..<max(0, skip) { OGR_L_GetNextFeature(layer).map(OGR_F_Destroy) }
        for _ in 0..<sampleRows {
            guard let feature = OGR_L_GetNextFeature(layer) else { break }
            defer { OGR_F_Destroy(feature) }
            for (index, column) in columns.enumerated() where OGR_F_IsFieldSetAndNotNull(feature, Int32(index)) != 0 {
                let text = String(cString: OGR_F_GetFieldAsString(feature, Int32(index)))
                if let value = OGRLayerReader.coordinate(.string(text)) { found[column, default: []].append(value) }
            }
        }
        return found
    }
}
