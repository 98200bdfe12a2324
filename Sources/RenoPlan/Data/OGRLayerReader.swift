internal import CGDAL
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Every `geodata` layer becomes ``RawFeature``s with SPEC §1-style properties: GeoJSON through
/// ``GeoJSONReader`` (jansson, parsed on all cores), every other format through GDAL/OGR here.
///
/// Reads a Shapefile, GeoPackage, FileGDB (OpenFileGDB, read-only), CSV or XLSX layer through
/// the GDAL/OGR C API (SPEC §9).
///
/// - Shapefile attributes are decoded from `encoding` (GDAL's ENCODING open option) when given,
///   else from the .cpg, else from the .dbf's code-page byte; with neither, they must be UTF-8
///   (text that is not is an error suggesting `encoding: cp936`).
/// - CSV and XLSX point layers take their coordinates from the `x`/`y` columns; every CSV cell is
///   text (numbers in it are read by ``PropertyText``).
/// - A table (`table: true`) has no geometry: its rows come back with an empty point shape.
struct OGRLayerReader {
    let url: URL
    let source: LayerSource
    let kind: LayerKind
    var table = false
    /// The CRS the scenario reads the layer in, and the key that says so (`crs` or
    /// `geodata.estates.crs`): checked against the file's own CRS (``FileCRSCheck``).
    var declaredCRS: (definition: String, key: String)? = nil

    static let registered: Bool = {
        GDALAllRegister()
        // GDAL prints its own errors to stderr unless told not to: ours name the file and feature.
        CPLSetErrorHandler(CPLQuietErrorHandler)
        return true
    }()

    /// The file and, in a GeoPackage or FileGDB, the layer (``LayerFormat/label(_:layer:)``): how
    /// problems in the layer's contents name it.
    var file: String { LayerFormat.label(url, layer: source.layer) }
    /// The file alone: how problems in opening it, or in finding the layer, name it.
    private var fileName: String { url.lastPathComponent }

    /// What a layer holds: its features (or rows), its column names in file order, and the name
    /// of the layer or sheet read.
    struct Contents {
        var features: [RawFeature]
        var columns: [String]
        var layerName: String
        /// Rows of a spreadsheet left out as subtotals, totals or notes (``SheetLayout``), said once.
        var warnings: [InputWarning] = []
        /// The money unit a line above the header gives (`单位：万元`) and that line's row
        /// (``SheetLayout/moneyUnit``).
        var moneyUnit: (unit: String, row: Int)? = nil
    }

    /// For a source GDAL does not recode (CSV, XLSX): the encoding its non-UTF-8 text is in.
    private var recodeFrom: String? { LayerFormat(url) == .shapefile ? nil : source.encoding }

    /// The layer's contents, or nil (with one error saying why) when it cannot be read at all.
    func readContents(errors: inout [InputError]) -> Contents? {
        _ = Self.registered
        let format = LayerFormat(url)
        guard FileManager.default.fileExists(atPath: url.path) else {
            errors.append(InputError(file: fileName, problem: fileNotFound(url)))
            return nil
        }
        if let problem = missingPart(format) ?? notAWorkbook(format) {
            errors.append(InputError(file: fileName, key: table ? "table" : "path", problem: problem))
            return nil
        }
        // A sheet with a title above its header, or a header of two rows, is read row by row.
        let layout = SheetLayout.of(url, layerName: source.layer) { Self.text($0, recodingFrom: recodeFrom) }
        guard layout != nil else { return SheetLayout.withHeader(format) { read(format: format, layout: nil, errors: &errors) } }
        return SheetLayout.asGrid(format) { read(format: format, layout: layout, errors: &errors) }
    }

    private func read(format: LayerFormat, layout: SheetLayout?, errors: inout [InputError]) -> Contents? {
        var options: [String] = []
        var checkUTF8 = false
        var codePage: TextEncoding.CodePage?
        switch format {
        case .shapefile:
            if let encoding = source.encoding {
                options.append("ENCODING=\(encoding)")
            } else {
                codePage = TextEncoding.codePage(ofShapefile: url)
            }
            // GDAL gives UTF-8 where it recodes from the code page the file (or `encoding`)
            // names; text that is not UTF-8 is text in another encoding than that one (a .cpg
            // that says UTF-8 over GBK bytes, as some tools write it), or in one never named.
            checkUTF8 = true
        case .xlsx: options += ["HEADERS=FORCE", "FIELD_TYPES=AUTO"]
        case .csv: options += ["HEADERS=YES", "AUTODETECT_TYPE=NO", "EMPTY_STRING_AS_NULL=YES"]
        default: break
        }
        if format != .shapefile && source.encoding == nil { checkUTF8 = true }
        if layout != nil { options = SheetLayout.gridOptions(format) }

        CPLErrorReset()
        let dataset: GDALDatasetH? = withCStrings(options) { list in
            GDALOpenEx(url.path, UInt32(GDAL_OF_VECTOR | GDAL_OF_READONLY), nil, list, nil)
        }
        guard let dataset else {
            let why = String(cString: CPLGetLastErrorMsg())
            errors.append(InputError(
                file: fileName, problem: "GDAL/OGR cannot read it as a vector layer\(why.isEmpty ? "" : ": \(why)")"))
            return nil
        }
        defer { GDALClose(dataset) }

        let layerCount = GDALDatasetGetLayerCount(dataset)
        var layer: OGRLayerH?
        // An .xlsx "layer" is a sheet, and the scenario names it by `sheet:` for a table.
        let noun = format == .xlsx ? "sheet" : "layer"
        let key = table ? "sheet" : "layer"
        if let name = source.layer {
            layer = GDALDatasetGetLayerByName(dataset, name)
            if layer == nil {
                let names = (0..<layerCount).compactMap { GDALDatasetGetLayer(dataset, $0).map { String(cString: OGR_L_GetName($0)) } }
                // GDAL leaves an empty sheet out; the workbook itself lists every sheet.
                let sheets = format == .xlsx ? (workbookSheets() ?? names) : names
                if sheets.contains(name) {
                    errors.append(InputError(file: fileName, sheet: name, key: key, problem: "is empty (no header row, no rows)"))
                    return nil
                }
                let hint = ColumnNames.nearest(name, in: sheets).map { " (did you mean '\($0)'?)" } ?? ""
                errors.append(InputError(
                    file: fileName, key: key,
                    problem: "has no \(noun) \"\(name)\"\(hint); its \(noun)s: \(sheets.joined(separator: ", "))"))
                return nil
            }
        } else {
            guard layerCount > 0 else {
                errors.append(InputError(file: file, problem: format == .xlsx ? "has no sheet with anything in it" : "has no layers"))
                return nil
            }
            layer = GDALDatasetGetLayer(dataset, 0)
        }
        guard let layer else { return nil }
        let layerName = String(cString: OGR_L_GetName(layer))
        // GDAL gives a GeoJSON file without a "crs" member WGS 84 (RFC 7946), which is no claim
        // of the file's: only a CRS other than lon/lat comes from the file itself.
        let claimed = OGR_L_GetSpatialRef(layer).flatMap { reference in
            format == .geoJSON && OSRIsGeographic(reference) != 0 ? nil : reference
        }
        if let declaredCRS, !table, let reference = claimed,
            let problem = FileCRSCheck.mismatch(reference, declared: declaredCRS.definition, file: file, kind: kind)
        {
            errors.append(InputError(file: file, key: declaredCRS.key, problem: problem))
        }

        let definition = OGR_L_GetLayerDefn(layer)
        let fieldCount = OGR_FD_GetFieldCount(definition)
        var fieldNames: [String] = []
        var fieldTypes: [OGRFieldType] = []
        var rawNames: [UnsafePointer<CChar>] = []
        var widths: [Int] = []  // in bytes; 0 where the format has none
        for index in 0..<fieldCount {
            let field = OGR_FD_GetFieldDefn(definition, index)
            let raw = OGR_Fld_GetNameRef(field)!
            rawNames.append(raw)
            fieldNames.append(Self.text(raw, recodingFrom: recodeFrom))
            fieldTypes.append(OGR_Fld_GetType(field))
            widths.append(Int(OGR_Fld_GetWidth(field)))
        }
        if checkUTF8, let badHeaders = TextEncoding.badNames(rawNames, format: format) {
            errors.append(encodingError(
                what: "column names are", gbk: badHeaders.gbk, replaced: badHeaders.replaced, codePage: codePage))
            return nil
        }
        fieldNames = Self.namesByAlias(fieldNames, aliases: Self.aliases(definition), source: source)
        // KML's placemark name is GDAL's column Name, the format's own, not a misspelt name
        // (unless the scenario maps Name itself); its display columns (icon, extrude, …) are
        // not attributes, and are not listed as carried along.
        var skippedFields = Set<Int32>()
        if let driver = GDALGetDatasetDriver(dataset), ["KML", "LIBKML"].contains(String(cString: GDALGetDriverShortName(driver))) {
            if let index = fieldNames.firstIndex(of: "Name"), !fieldNames.contains("name"),
                !source.columns.contains(where: { $0.source == "Name" })
            {
                fieldNames[index] = "name"
            }
            skippedFields = Set(fieldNames.indices.filter { Self.kmlDisplayColumns.contains(fieldNames[$0]) }.map(Int32.init))
        }
        // GDAL reads a sheet of one row as a row of data under Field1, Field2, …: it is the
        // header of a sheet without rows.
        let header = format == .xlsx && layout == nil ? headerOnly(layer, fieldNames: fieldNames) : nil
        if let header { fieldNames = header }
        if let layout {
            fieldNames = (0..<Int(fieldCount)).map { $0 < layout.names.count ? layout.names[$0] : "Field\($0 + 1)" }
        }

        let isTableFormat = format == .csv || format == .xlsx
        // The file's own of the columns mapped to id (one may be the joined table's).
        let idColumns = source.columns.filter { $0.key == "id" }.map(\.source)
        let idColumn = idColumns.first(where: fieldNames.contains) ?? idColumns.first ?? "id"
        // The column a table is joined by (its id column for a layer).
        let keyColumn = table ? (source.key ?? idColumn) : idColumn
        if !table, isTableFormat, kind != .estates, kind != .walkways {
            for (key, column) in [("x", source.x), ("y", source.y)] {
                guard let column else {
                    let pair = Self.coordinatePairColumn(in: fieldNames)
                    let hint = pair.map { "; if \($0) holds both as \"lng,lat\" (as Amap's API gives them), write x: \($0), y: \($0)" } ?? ""
                    errors.append(InputError(
                        file: file, key: key,
                        problem: "is a table: name its coordinate columns in geodata.\(kind.rawValue): x: …, y: … "
                            + "(its columns: \(fieldNames.joined(separator: ", ")))\(hint)"))
                    return nil
                }
                if !fieldNames.contains(column) {
                    let hint = ColumnNames.nearest(column, in: fieldNames).map { " (did you mean '\($0)'?)" } ?? ""
                    errors.append(InputError(
                        file: file, key: key,
                        problem: "has no column \"\(column)\" for geodata.\(kind.rawValue).\(key)\(hint); "
                            + "its columns: \(fieldNames.joined(separator: ", "))"))
                    return nil
                }
            }
        }
        if header != nil { return Contents(features: [], columns: fieldNames, layerName: layerName) }
        // `where`: the features GDAL selects, by FID; the others are passed over below, so that
        // every feature keeps its index in the file.
        var selected: Set<Int64>?
        if let filter = source.filter, !table {
            guard let chosen = Self.select(
                layer, where: filter, key: "geodata.\(kind.rawValue).where", columns: fieldNames, format: format, layout: layout,
                encoding: recodeFrom, file: file, errors: &errors)
            else {
                return nil
            }
            selected = chosen
        }

        var features: [RawFeature] = []
        // Which columns have a value in a data row above (for ``RawFeature/emptyBelowValue``).
        var valueAbove = [Bool](repeating: false, count: fieldNames.count)
        var badText: (index: Int, column: String, gbk: Bool)?
        var totals: [(row: Int, text: String)] = [], notes: [(row: Int, text: String)] = []
        OGR_L_ResetReading(layer)
        // A spreadsheet's row `index` is its row index + 2 as the spreadsheet numbers it (with
        // a layout, the rows are read from row 1: the first is index −1).
        var index = layout == nil ? 0 : -1
        while let feature = OGR_L_GetNextFeature(layer) {
            defer {
                OGR_F_Destroy(feature)
                index += 1
            }
            if let selected, !selected.contains(OGR_F_GetFID(feature)) { continue }
            if let layout, index + 1 < layout.firstData {
                for field in 0..<fieldCount where checkUTF8 && badText == nil && OGR_F_IsFieldSetAndNotNull(feature, field) != 0 {
                    if let gbk = TextEncoding.gbkIfNotUTF8(OGR_F_GetFieldAsString(feature, field)!, width: widths[Int(field)]) {
                        badText = (index, fieldNames[Int(field)], gbk)
                    }
                }
                continue
            }
            var properties: [String: JSONValue] = [:]
            for field in 0..<fieldCount where !skippedFields.contains(field) {
                let name = fieldNames[Int(field)]
                guard OGR_F_IsFieldSetAndNotNull(feature, field) != 0 else {
                    properties[name] = .null
                    continue
                }
                switch fieldTypes[Int(field)] {
                case OFTInteger, OFTInteger64:
                    properties[name] = .number(Double(OGR_F_GetFieldAsInteger64(feature, field)))
                case OFTReal:
                    properties[name] = .number(OGR_F_GetFieldAsDouble(feature, field))
                default:
                    let raw = OGR_F_GetFieldAsString(feature, field)!
                    if checkUTF8, badText == nil, let gbk = TextEncoding.gbkIfNotUTF8(raw, width: widths[Int(field)]) {
                        badText = (index, name, gbk)
                    }
                    properties[name] = .string(Self.text(raw, recodingFrom: recodeFrom))
                }
            }
            var emptyBelowValue = Set<String>()
            if isTableFormat {
                let cells = fieldNames.map { name -> String? in
                    switch properties[name] {
                    case .string(let text): return text
                    case .number(let number): return PropertyText.plain(number)
                    default: return nil
                    }
                }
                switch SheetLayout.kind(cells, key: fieldNames.firstIndex(of: keyColumn)) {
                case .data: break
                case .blank: continue
                case .total(let text):
                    totals.append((index + 2, text))
                    continue
                case .note(let text):
                    notes.append((index + 2, text))
                    continue
                }
                if format == .xlsx {
                    // A cell merged over k rows leaves k − 1 empty cells under its value.
                    let filled = cells.map { $0.map { !PropertyText.isBlank($0) } ?? false }
                    emptyBelowValue = Set(fieldNames.indices.filter { !filled[$0] && valueAbove[$0] }.map { fieldNames[$0] })
                    for column in filled.indices where filled[column] { valueAbove[column] = true }
                }
            }
            let id = LayerJoin.idText(properties[idColumn])
            if table {
                features.append(RawFeature(
                    index: index, id: id, properties: properties, shape: .point(Point2(x: 0, y: 0)), emptyBelowValue: emptyBelowValue))
                continue
            }
            let shape: Shape
            if isTableFormat && kind != .estates && kind != .walkways {
                let point: (x: Double, y: Double)?
                if source.x == source.y {
                    point = source.x.flatMap { properties[$0] }.flatMap(Self.coordinatePair)
                } else {
                    let x = source.x.flatMap { properties[$0] }.flatMap(Self.coordinate)
                    let y = source.y.flatMap { properties[$0] }.flatMap(Self.coordinate)
                    point = x.flatMap { x in y.map { (x, $0) } }
                }
                guard let (x, y) = point else {
                    let problem = source.x == source.y
                        ? "has no coordinates: \(source.x!) must hold x,y (lng,lat) as two numbers, got "
                            + "\(properties[source.x!]?.shortDescription ?? "nothing")"
                        : "has no coordinates: \(source.x!) and \(source.y!) must be numbers, got "
                            + "\(properties[source.x!]?.shortDescription ?? "nothing") and \(properties[source.y!]?.shortDescription ?? "nothing")"
                    errors.append(InputError(file: file, featureIndex: index, featureID: id, key: source.x, problem: problem, row: index + 2))
                    continue
                }
                properties.removeValue(forKey: source.x!)
                properties.removeValue(forKey: source.y!)
                shape = .point(Point2(x: x, y: y))
            } else {
                guard let geometry = OGR_F_GetGeometryRef(feature) else {
                    errors.append(InputError(
                        file: file, featureIndex: index, featureID: id,
                        problem: "has no geometry (expected \(kind.geometry.description))"))
                    continue
                }
                do {
                    shape = try Self.shape(geometry, rule: kind.geometry)
                } catch let problem as ShapeProblem {
                    errors.append(InputError(file: file, featureIndex: index, featureID: id, problem: problem.text))
                    continue
                } catch {
                    continue
                }
            }
            features.append(RawFeature(index: index, id: id, properties: properties, shape: shape, emptyBelowValue: emptyBelowValue))
        }
        if let badText {
            let place = isTableFormat ? "row \(badText.index + 2)" : "feature #\(badText.index)"
            errors.append(encodingError(
                what: "text (first in \(place), column \(badText.column)) is", gbk: badText.gbk, replaced: false, codePage: codePage))
            return nil
        }
        let sheet = format == .xlsx ? layerName : nil
        let skipped = SheetLayout.warning(file: file, sheet: sheet, totals: totals, notes: notes)
        let columns = fieldNames.indices.filter { !skippedFields.contains(Int32($0)) }.map { fieldNames[$0] }
        var contents = Contents(features: features, columns: columns, layerName: layerName, warnings: skipped.map { [$0] } ?? [])
        if let unit = layout?.moneyUnit, let row = layout?.moneyUnitRow { contents.moneyUnit = (unit, row) }
        return contents
    }

    /// The error for text that is not UTF-8 (`gbk`: it reads cleanly as GBK/cp936; `replaced`:
    /// it is UTF-8 but holds U+FFFD), by what the file or the scenario named as its encoding.
    private func encodingError(what: String, gbk: Bool, replaced: Bool, codePage: TextEncoding.CodePage?) -> InputError {
        let layer = "geodata.\(kind.rawValue)"
        let mapping = "(written as a mapping with the layer's other keys, e.g. {path: \(file), encoding: cp936})"
        if replaced {
            return InputError(
                file: file, key: "encoding",
                problem: "its \(what) not clean text: they hold U+FFFD (�), the mark text leaves when it was once decoded "
                    + "in the wrong encoding, so the characters were lost before this file was written: export the file "
                    + "again from the original, or rename the columns")
        }
        let looks = gbk ? "; the file looks like GBK" : ", nor GBK/cp936"
        let fix = gbk ? "add encoding: cp936 to \(layer) \(mapping)"
            : "say which encoding the file is in: add encoding: … to \(layer) (big5 for traditional Chinese, for instance)"
        if let given = source.encoding {
            return InputError(
                file: file, key: "encoding",
                problem: "its \(what) not valid UTF-8 although \(layer).encoding says \(given)\(looks): "
                    + (gbk ? "write encoding: cp936" : fix))
        }
        if let codePage {
            let cpg = (file as NSString).deletingPathExtension + ".cpg"
            return InputError(
                file: file, key: "encoding",
                problem: "its \(what) not valid UTF-8 although \(codePage.words)\(looks): \(fix)"
                    + (codePage.saysUTF8 && gbk ? ", or write 936 into \(cpg) in place of \(codePage.words.replacingOccurrences(of: "the .cpg says ", with: ""))" : ""))
        }
        if LayerFormat(url) == .shapefile {
            return InputError(
                file: file, key: "encoding",
                problem: "its \(what) not UTF-8 and the file names no code page (no .cpg, no code-page byte): "
                    + "add encoding: cp936 to geodata.\(kind.rawValue) (written as a mapping with the layer's other keys, "
                    + "e.g. {path: \(file), encoding: cp936}), or put a \((file as NSString).deletingPathExtension).cpg "
                    + "holding the line 936 beside it (GBK/cp936 is what Chinese ArcGIS and SuperMap exports usually use)")
        }
        // A CSV names no encoding at all: the scenario has to.
        return InputError(
            file: file, key: "encoding",
            problem: "its \(what) not UTF-8: say which encoding the file is in, e.g. add encoding: cp936 to "
                + "geodata.\(kind.rawValue) (a CSV saved by Excel or WPS on a Chinese Windows is usually GBK/cp936)")
    }

    /// For a Shapefile: the .dbf (every attribute) or .shx (the index GDAL needs) that is not
    /// beside the .shp, in words; nil when both are there.
    private func missingPart(_ format: LayerFormat) -> String? {
        guard format == .shapefile, url.pathExtension.lowercased() == "shp" else { return nil }
        let base = url.deletingPathExtension()
        let manager = FileManager.default
        func has(_ ext: String) -> Bool {
            [ext, ext.uppercased()].contains { manager.fileExists(atPath: base.appendingPathExtension($0).path) }
        }
        let missing = [("dbf", "the attribute table: ids, names and every other column"), ("shx", "the shape index")]
            .filter { !has($0.0) }
        guard !missing.isEmpty else { return nil }
        let name = base.lastPathComponent
        let parts = missing.map { "\(name).\($0.0) (\($0.1))" }.joined(separator: " and ")
        return "\(parts) \(missing.count == 1 ? "is" : "are") missing beside it: a Shapefile is the .shp, .shx, .dbf "
            + "(and .prj, .cpg) together; copy \(missing.count == 1 ? "it" : "them") from where the .shp came from"
    }

    /// For an .xlsx: what the file is when it is not an Excel workbook (a workbook is a zip
    /// archive, starting "PK"); nil when it is one, or cannot be told.
    private func notAWorkbook(_ format: LayerFormat) -> String? {
        guard format == .xlsx, let handle = FileHandle(forReadingAtPath: url.path) else { return nil }
        defer { try? handle.close() }
        let head = [UInt8](handle.readData(ofLength: 4096))
        let ole = head.starts(with: [0xD0, 0xCF, 0x11, 0xE0])
        let xls = url.pathExtension.lowercased() == "xls"
        // An .xlsx is a zip archive; an Excel 97–2003 .xls (GDAL's XLS driver) a compound file.
        if head.starts(with: [0x50, 0x4B]) || (xls && ole) { return nil }
        let csvName = url.deletingPathExtension().appendingPathExtension("csv").lastPathComponent
        if ole {
            let xlsName = url.deletingPathExtension().appendingPathExtension("xls").lastPathComponent
            return "is not an .xlsx workbook but an Excel 97–2003 file or a password-protected workbook: if it is an "
                + "Excel 97–2003 workbook, name it \(xlsName) (renoplan reads those); if it has a password, open it in Excel "
                + "or WPS and save it as an Excel Workbook (.xlsx) without one"
        }
        let text = String(decoding: head, as: UTF8.self)
        if head.isEmpty || (!head.contains(0) && (text.contains(",") || text.contains("\t") || text.contains("\n"))) {
            let lower = text.lowercased()
            if lower.contains("<html") || lower.contains("<table") {
                return "is not an Excel workbook: it is a web page (HTML) saved with an .xlsx name: open it in Excel or WPS and save it as an Excel Workbook (.xlsx)"
            }
            let scenarioKey = table ? "table" : "path"
            return "is not an Excel workbook: it is text, probably a CSV file renamed .xlsx: rename it \(csvName) "
                + "(and write \(scenarioKey): \(csvName)\(source.layer != nil ? ", without \(table ? "sheet" : "layer"):," : "") "
                + "in geodata.\(kind.rawValue)), or open it in Excel or WPS and save it as an Excel Workbook (.xlsx)"
        }
        return "is not an Excel workbook (an .xlsx file is a zip archive; this one is not): open it in Excel or WPS and save it as an Excel Workbook (.xlsx)"
    }

    /// The names of an .xlsx workbook's sheets, empty ones included (GDAL leaves those out),
    /// read from its xl/workbook.xml through GDAL's /vsizip/; nil when it cannot be read.
    private func workbookSheets() -> [String]? {
        guard let handle = VSIFOpenL("/vsizip/\(url.path)/xl/workbook.xml", "rb") else { return nil }
        defer { VSIFCloseL(handle) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { VSIFReadL($0.baseAddress, 1, $0.count, handle) }
            if count == 0 { break }
            bytes += buffer[0..<count]
        }
        // Foundation's XML parser, not a scan of the text: names may hold escaped characters.
        final class Sheets: NSObject, XMLParserDelegate {
            var names: [String] = []
            func parser(
                _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String]
            ) {
                if element == "sheet" || element.hasSuffix(":sheet"), let name = attributes["name"] { names.append(name) }
            }
        }
        let parser = XMLParser(data: Data(bytes))
        let sheets = Sheets()
        parser.delegate = sheets
        return parser.parse() ? sheets.names : nil
    }

    /// The header of an .xlsx sheet that has a header row and no rows: GDAL reads such a sheet
    /// as one row of data under the names Field1, Field2, …; nil for any other sheet.
    private func headerOnly(_ layer: OGRLayerH, fieldNames: [String]) -> [String]? {
        guard !fieldNames.isEmpty,
            fieldNames.enumerated().allSatisfy({ $0.element == "Field\($0.offset + 1)" }),
            OGR_L_GetFeatureCount(layer, 1) == 1
        else { return nil }
        OGR_L_ResetReading(layer)
        guard let feature = OGR_L_GetNextFeature(layer) else { return nil }
        defer { OGR_F_Destroy(feature) }
        return (0..<Int32(fieldNames.count)).map { field in
            OGR_F_IsFieldSetAndNotNull(feature, field) != 0 ? String(cString: OGR_F_GetFieldAsString(feature, field)) : ""
        }
    }

    /// Text as GDAL gives it: UTF-8 as it is; for a source GDAL does not recode (CSV, XLSX), or
    /// names GDAL read in the system's way, text that is not UTF-8 is recoded from `encoding` by
    /// `CPLRecode` (a CSV saved by a Chinese Excel is GBK); without an encoding, as it is.
    static func text(_ raw: UnsafePointer<CChar>, recodingFrom encoding: String?) -> String {
        if let text = String(validatingCString: raw) { return text }
        guard let encoding else { return String(cString: raw) }
        let recoded: UnsafeMutablePointer<CChar> = CPLRecode(raw, encoding, "UTF-8")
        defer { VSIFree(recoded) }
        return String(cString: recoded)
    }

    /// The FIDs of the features `filter` (OGR SQL, as `ogr2ogr -where`) selects, or nil with an
    /// error at the `where` key: GDAL's own reason, with the nearest column for a name it does
    /// not know. A sheet read by its layout (a title above the header) has no column names GDAL
    /// knows, so it takes no `where`.
    static func select(
        _ layer: OGRLayerH, where filter: String, key: String, columns: [String], format: LayerFormat, layout: SheetLayout?,
        encoding: String?, file: String, errors: inout [InputError]
    ) -> Set<Int64>? {
        guard layout == nil else {
            errors.append(InputError(
                file: file, key: "where",
                problem: "\(key) cannot be used on a sheet whose header is not its first row: delete the rows above the header, "
                    + "or the rows \(key) would leave out"))
            return nil
        }
        // GDAL compares a CSV's bytes as they are in the file: on a GBK file the condition's
        // column names and values are put in GBK too (GDAL is given the bytes as they are).
        let condition: UnsafeMutablePointer<CChar>? =
            encoding.flatMap { filter.allSatisfy(\.isASCII) ? nil : CPLRecode(filter, CPL_ENC_UTF8, $0) } ?? CPLStrdup(filter)
        defer { VSIFree(condition) }
        CPLErrorReset()
        guard OGR_L_SetAttributeFilter(layer, condition) == OGRERR_NONE else {
            var why = String(cString: CPLGetLastErrorMsg())
            while why.hasSuffix(".") { why.removeLast() }
            var hint = ""
            if let range = why.range(of: #""[^"]+" not recognised as an available field"#, options: .regularExpression) {
                let name = String(why[range].dropFirst().prefix { $0 != "\"" })
                hint = ColumnNames.nearest(name, in: columns).map { " (did you mean '\($0)'?)" } ?? ""
            } else if why.contains("Parsing Error"), let name = columns.first(where: { name in
                !name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") } && filter.contains(name)
                    && !filter.contains("\"\(name)\"")
            }) {
                hint = " (a column name that is not plain ASCII letters goes in double quotes: \"\(name)\")"
            } else if why.contains("Type mismatch"), format == .csv {
                let name = columns.filter { filter.contains($0) }.max { $0.count < $1.count } ?? "面积"
                hint = " (every column of a CSV is text: compare a number as CAST(\"\(name)\" AS float) > 1000)"
            }
            errors.append(InputError(
                file: file, key: "where",
                problem: "\(key): \(filter) is not a condition GDAL can evaluate on this layer\(hint): \(why.isEmpty ? "no reason given" : why); "
                    + "its columns: \(columns.joined(separator: ", "))"))
            return nil
        }
        defer {
            OGR_L_SetAttributeFilter(layer, nil)
            OGR_L_ResetReading(layer)
        }
        var chosen = Set<Int64>()
        OGR_L_ResetReading(layer)
        while let feature = OGR_L_GetNextFeature(layer) {
            chosen.insert(OGR_F_GetFID(feature))
            OGR_F_Destroy(feature)
        }
        return chosen
    }

    /// Each field's alias (`OGR_Fld_GetAlternativeNameRef`: a File Geodatabase's 户数 for its
    /// field HS), or nil.
    static func aliases(_ definition: OGRFeatureDefnH?) -> [String?] {
        (0..<OGR_FD_GetFieldCount(definition)).map { index in
            guard let raw = OGR_Fld_GetAlternativeNameRef(OGR_FD_GetFieldDefn(definition, index)) else { return nil }
            let alias = String(cString: raw).trimmedOfSpaces
            return alias.isEmpty ? nil : alias
        }
    }

    /// The columns by the name a planner sees. ArcGIS and QGIS show a field's alias, so a
    /// surveying bureau's `XQMC`, `HS` is 小区名称, 户数 on screen, and a scenario maps that:
    /// a field is known by its alias where `columns:`, `key`, `x` or `y` name the alias and not
    /// the field's own name, or where the alias is a §1 key and the name is not.
    static func namesByAlias(_ names: [String], aliases: [String?], source: LayerSource) -> [String] {
        let mapped = Set(source.columns.map(\.source) + [source.key, source.x, source.y].compactMap { $0 })
        let keys = Set(LayerKind.allCases.flatMap(\.keys))
        return zip(names, aliases).map { name, alias in
            guard let alias, alias != name, !names.contains(alias), !mapped.contains(name) else { return name }
            return mapped.contains(alias) || (keys.contains(alias) && !keys.contains(name)) ? alias : name
        }
    }

    /// The columns GDAL's KML drivers give every placemark for its display, not its data.
    static let kmlDisplayColumns: Set<String> = [
        "description", "timestamp", "begin", "end", "altitudeMode", "tessellate", "extrude", "visibility", "drawOrder", "icon",
        "Description",
    ]

    /// The first of `columns` whose name says it holds both coordinates of a point in one cell
    /// (location, 坐标, 经纬度, …; not 位置 or position: in an office table those are addresses).
    static func coordinatePairColumn(in columns: [String]) -> String? {
        let names: Set<String> = ["location", "坐标", "经纬度", "lnglat", "lonlat", "gcj坐标"]
        return columns.first { names.contains(PropertyNames.squash($0)) }
    }

    /// Both coordinates from one cell, "x,y" (lng,lat), as Amap's API gives a POI's location:
    /// `104.065735,30.659462`; also with `，` or a space between them.
    static func coordinatePair(_ value: JSONValue) -> (x: Double, y: Double)? {
        guard case .string(let text) = value else { return nil }
        let parts = text.split(whereSeparator: { ",，; ".contains($0) })
        guard parts.count == 2, let x = coordinate(.string(String(parts[0]))), let y = coordinate(.string(String(parts[1]))) else { return nil }
        return (x, y)
    }

    static func coordinate(_ value: JSONValue) -> Double? {
        switch value {
        case .number(let number): return number.isFinite ? number : nil
        case .string(let text): return PropertyText.number(text) ?? PropertyText.degrees(text)
        default: return nil
        }
    }

    /// An OGR geometry as a ``Shape`` of the layer's geometry rule (curves linearised; a
    /// one-point MultiPoint is a Point, a one-part multi-geometry stays multi).
    static func shape(_ geometry: OGRGeometryH, rule: GeometryRule) throws -> Shape {
        var linear: OGRGeometryH?
        if OGR_G_HasCurveGeometry(geometry, 0) != 0 { linear = OGR_G_GetLinearGeometry(geometry, 0, nil) }
        defer { if let linear { OGR_G_DestroyGeometry(linear) } }
        let g = linear ?? geometry
        func ring(_ part: OGRGeometryH) -> Ring {
            (0..<OGR_G_GetPointCount(part)).map { Point2(x: OGR_G_GetX(part, $0), y: OGR_G_GetY(part, $0)) }
        }
        func polygon(_ part: OGRGeometryH) -> PolygonRings {
            (0..<OGR_G_GetGeometryCount(part)).map { ring(OGR_G_GetGeometryRef(part, $0)) }
        }
        func parts(_ part: OGRGeometryH) -> [OGRGeometryH] {
            (0..<OGR_G_GetGeometryCount(part)).map { OGR_G_GetGeometryRef(part, $0) }
        }
        let type = OGR_GT_Flatten(OGR_G_GetGeometryType(g))
        let shape: Shape
        let name: String
        switch type {
        case wkbPoint: shape = .point(Point2(x: OGR_G_GetX(g, 0), y: OGR_G_GetY(g, 0))); name = "Point"
        case wkbMultiPoint where OGR_G_GetGeometryCount(g) == 1:
            let p = OGR_G_GetGeometryRef(g, 0)!
            shape = .point(Point2(x: OGR_G_GetX(p, 0), y: OGR_G_GetY(p, 0))); name = "Point"
        case wkbPolygon: shape = .polygon(polygon(g)); name = "Polygon"
        case wkbMultiPolygon: shape = .multiPolygon(parts(g).map(polygon)); name = "MultiPolygon"
        case wkbLineString: shape = .lineString(ring(g)); name = "LineString"
        case wkbMultiLineString: shape = .multiLineString(parts(g).map(ring)); name = "MultiLineString"
        default:
            throw ShapeProblem(text: rule.refusal(got: String(cString: OGRGeometryTypeToName(type))))
        }
        guard rule.allowed.contains(name) else {
            throw ShapeProblem(text: rule.refusal(got: name))
        }
        switch shape {
        case .polygon(let rings):
            try check(rings)
        case .multiPolygon(let polygons):
            guard !polygons.isEmpty else { throw ShapeProblem(text: "\(name) has no polygons") }
            for rings in polygons { try check(rings) }
        case .lineString(let line) where line.count < 2:
            throw ShapeProblem(text: "\(name) has a line with \(line.count) positions (needs at least 2)")
        default: break
        }
        for p in shape.allPoints where !(p.x.isFinite && p.y.isFinite && abs(p.x) < 1e9 && abs(p.y) < 1e9) {
            throw ShapeProblem(text: "\(name) has a coordinate that is not a finite number of sensible size: [\(p.x), \(p.y)]")
        }
        return shape

        func check(_ rings: PolygonRings) throws {
            guard !rings.isEmpty else { throw ShapeProblem(text: "\(name) has no rings") }
            for (index, ring) in rings.enumerated() {
                guard ring.count >= 4 else {
                    throw ShapeProblem(text: "\(name) has a line or ring with \(ring.count) positions (needs at least 4)")
                }
                guard ring.first == ring.last else {
                    throw ShapeProblem(text: "\(name) ring \(index) is not closed (its first and last positions differ)")
                }
            }
        }
    }
}

/// Calls `body` with a NULL-terminated C array of the strings (GDAL's `char **` option lists).
func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
    let owned: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    defer { for pointer in owned { free(pointer) } }
    let pointers: [UnsafePointer<CChar>?] = owned.map { $0.map { UnsafePointer($0) } } + [nil]
    return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
}
