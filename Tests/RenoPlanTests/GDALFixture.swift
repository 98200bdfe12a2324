import CGDAL
import Foundation

@testable import RenoPlan

/// Writes test layers with GDAL's own drivers through the C API (Shapefile, GeoPackage, XLSX), so
/// the reader is checked against files written the way GIS tools write them.
enum GDALFixture {
    enum Value {
        case text(String), number(Double), integer(Int), null
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// One layer: `fields` (name, OFTString/OFTReal/OFTInteger64), rows of (WKT or nil, values).
    static func write(
        _ url: URL, driver: String, layer: String, geometry: OGRwkbGeometryType,
        fields: [(String, OGRFieldType)], rows: [(wkt: String?, values: [Value])], layerOptions: [String] = [],
        epsg: Int32? = nil, aliases: [String: String] = [:]
    ) throws {
        try write(url, driver: driver) { dataset in
            try addLayer(
                dataset, layer: layer, geometry: geometry, fields: fields, rows: rows, layerOptions: layerOptions, epsg: epsg,
                aliases: aliases)
        }
    }

    /// A file of several layers in order (a GeoPackage of one layer per facility kind).
    static func writeLayers(
        _ url: URL, driver: String, epsg: Int32? = nil,
        layers: [(name: String, geometry: OGRwkbGeometryType, fields: [(String, OGRFieldType)], rows: [(wkt: String?, values: [Value])])]
    ) throws {
        try write(url, driver: driver) { dataset in
            for layer in layers {
                try addLayer(dataset, layer: layer.name, geometry: layer.geometry, fields: layer.fields, rows: layer.rows, epsg: epsg)
            }
        }
    }

    /// An .xlsx workbook of several sheets in order: (name, fields, rows); a sheet without fields
    /// and rows is written empty.
    static func writeWorkbook(_ url: URL, sheets: [(name: String, fields: [(String, OGRFieldType)], rows: [[Value]])]) throws {
        try write(url, driver: "XLSX") { dataset in
            for sheet in sheets {
                try addLayer(dataset, layer: sheet.name, geometry: wkbNone, fields: sheet.fields, rows: sheet.rows.map { (nil, $0) })
            }
        }
    }

    private static func write(_ url: URL, driver: String, _ body: (GDALDatasetH) throws -> Void) throws {
        // The reader's one registration: a second GDALAllRegister of our own could run at the
        // same time as the reader's in another test, and GDAL's driver manager is not safe for that
        // (a CI run crashed inside it).
        _ = OGRLayerReader.registered
        guard let handle = GDALGetDriverByName(driver) else { throw Failure(description: "no GDAL driver \(driver)") }
        try? FileManager.default.removeItem(at: url)
        guard let dataset = GDALCreate(handle, url.path, 0, 0, 0, GDT_Unknown, nil) else {
            throw Failure(description: "GDALCreate \(url.path): \(String(cString: CPLGetLastErrorMsg()))")
        }
        defer { GDALClose(dataset) }
        try body(dataset)
    }

    private static func addLayer(
        _ dataset: GDALDatasetH, layer: String, geometry: OGRwkbGeometryType, fields: [(String, OGRFieldType)],
        rows: [(wkt: String?, values: [Value])], layerOptions: [String] = [], epsg: Int32? = nil, aliases: [String: String] = [:]
    ) throws {
        var owned: [UnsafeMutablePointer<CChar>?] = layerOptions.map { strdup($0) } + [nil]
        defer { for pointer in owned { free(pointer) } }
        var reference: OGRSpatialReferenceH?
        if let epsg {
            reference = OSRNewSpatialReference(nil)
            OSRImportFromEPSG(reference, epsg)
            OSRSetAxisMappingStrategy(reference, OAMS_TRADITIONAL_GIS_ORDER)
        }
        defer { if let reference { OSRDestroySpatialReference(reference) } }
        let made: OGRLayerH? = owned.withUnsafeMutableBufferPointer {
            GDALDatasetCreateLayer(dataset, layer, reference, geometry, $0.baseAddress)
        }
        guard let created = made else {
            throw Failure(description: "create layer \(layer): \(String(cString: CPLGetLastErrorMsg()))")
        }
        for (name, type) in fields {
            let field = OGR_Fld_Create(name, type)
            defer { OGR_Fld_Destroy(field) }
            if let alias = aliases[name] { OGR_Fld_SetAlternativeName(field, alias) }
            guard OGR_L_CreateField(created, field, 1) == OGRERR_NONE else {
                throw Failure(description: "create field \(name): \(String(cString: CPLGetLastErrorMsg()))")
            }
        }
        for row in rows {
            let feature = OGR_F_Create(OGR_L_GetLayerDefn(created))!
            defer { OGR_F_Destroy(feature) }
            for (index, value) in row.values.enumerated() {
                let i = Int32(index)
                switch value {
                case .text(let text): OGR_F_SetFieldString(feature, i, text)
                case .number(let number): OGR_F_SetFieldDouble(feature, i, number)
                case .integer(let number): OGR_F_SetFieldInteger64(feature, i, GIntBig(number))
                case .null: OGR_F_SetFieldNull(feature, i)
                }
            }
            if let wkt = row.wkt {
                var geometryHandle: OGRGeometryH?
                var text: UnsafeMutablePointer<CChar>? = strdup(wkt)
                let start = text
                defer { free(start) }
                guard OGR_G_CreateFromWkt(&text, nil, &geometryHandle) == OGRERR_NONE, let geometryHandle else {
                    throw Failure(description: "bad WKT \(wkt)")
                }
                OGR_F_SetGeometryDirectly(feature, geometryHandle)
            }
            guard OGR_L_CreateFeature(created, feature) == OGRERR_NONE else {
                throw Failure(description: "create feature: \(String(cString: CPLGetLastErrorMsg()))")
            }
        }
    }

    /// `ogr2ogr` through GDAL's library call (`GDALVectorTranslate`): `source` into a new file
    /// `destination`, with ogr2ogr's `arguments` (`-f`, `-t_srs`, …), as a planner converts data.
    static func translate(_ source: URL, to destination: URL, arguments: [String]) throws {
        _ = OGRLayerReader.registered
        try? FileManager.default.removeItem(at: destination)
        guard let input = GDALOpenEx(source.path, UInt32(GDAL_OF_VECTOR), nil, nil, nil) else {
            throw Failure(description: "open \(source.path): \(String(cString: CPLGetLastErrorMsg()))")
        }
        defer { GDALClose(input) }
        let owned: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in owned { free(pointer) } }
        var list = owned
        guard let options = list.withUnsafeMutableBufferPointer({ GDALVectorTranslateOptionsNew($0.baseAddress, nil) }) else {
            throw Failure(description: "ogr2ogr options \(arguments)")
        }
        defer { GDALVectorTranslateOptionsFree(options) }
        var sources: [GDALDatasetH?] = [input]
        var usageError: Int32 = 0
        guard let output = GDALVectorTranslate(destination.path, nil, 1, &sources, options, &usageError) else {
            throw Failure(description: "ogr2ogr \(arguments): \(String(cString: CPLGetLastErrorMsg()))")
        }
        GDALClose(output)
    }

    /// WKT of a shape, every coordinate with 17 significant digits (exact doubles).
    static func wkt(_ shape: Shape) -> String {
        func position(_ p: Point2) -> String { "\(p.x) \(p.y)" }
        func ring(_ r: Ring) -> String { "(" + r.map(position).joined(separator: ", ") + ")" }
        func polygon(_ rings: PolygonRings) -> String { "(" + rings.map(ring).joined(separator: ", ") + ")" }
        switch shape {
        case .point(let p): return "POINT (\(position(p)))"
        case .polygon(let rings): return "POLYGON " + polygon(rings)
        case .multiPolygon(let parts): return "MULTIPOLYGON (" + parts.map(polygon).joined(separator: ", ") + ")"
        case .lineString(let line): return "LINESTRING " + ring(line)
        case .multiLineString(let lines): return "MULTILINESTRING (" + lines.map(ring).joined(separator: ", ") + ")"
        }
    }
}
