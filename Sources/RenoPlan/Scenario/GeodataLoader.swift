import Foundation
import Yams

extension NodeReader {
    /// A `geodata` layer written as a mapping (SPEC §9): its path and how to read it.
    func layerSource(_ node: Node, layer: String, folder: URL) -> (URL?, LayerSource?) {
        let path = "geodata.\(layer)"
        let allowed = ["path", "layer", "crs", "encoding", "table", "sheet", "key", "columns", "units", "x", "y", "where"]
            + (layer == "walkways" ? ["snap_m"] : [])
        guard let entries = mapping(node, path, allowed: allowed) else { return (nil, nil) }
        func text(_ key: String) -> String? {
            guard let value = entries[key], !isNull(value) else { return nil }
            return string(value, "\(path).\(key)")
        }
        func file(_ text: String) -> URL { URL(fileURLWithPath: text, relativeTo: folder).standardizedFileURL }
        var source = LayerSource()
        let url = text("path").map(file)
        if entries["path"] == nil { fail("\(path).path", node, "is required (the file to read)") }
        source.layer = text("layer")
        source.crs = text("crs").map(CRS.definition)
        source.encoding = text("encoding")
        source.table = text("table").map(file)
        source.sheet = text("sheet")
        source.key = text("key")
        source.x = text("x")
        source.y = text("y")
        source.filter = text("where")
        if let snap = entries["snap_m"], !isNull(snap) {
            source.snapMeters = number(snap, "\(path).snap_m", 0...5, what: "a distance in metres")
        }
        let kind = LayerKind(rawValue: layer)
        if let columns = entries["columns"], !isNull(columns) {
            if case .mapping(let pairs) = columns {
                for (sourceNode, keyNode) in pairs {
                    let name = sourceNode.string ?? ""
                    // Its line, for the error when no file has the column (read with the data).
                    if let line = sourceNode.mark?.line { keyLines["\(path).columns.\(name)"] = line }
                    guard let key = string(keyNode, "\(path).columns.\(name)") else { continue }
                    if let kind, !kind.keys.contains(key) {
                        let hint = closest(key, in: kind.keys).map { " (did you mean '\($0)'?)" } ?? ""
                        fail("\(path).columns.\(name)", keyNode,
                             "\(key) is not a property of \(layer)\(hint); they are: \(kind.keys.joined(separator: ", "))")
                        continue
                    }
                    // One column of the geometry file and one of the joined table may give a
                    // property (XQBM in the boundaries, 小区编号 in the reserve library: both id);
                    // that they are so is checked with the files (LayerJoin).
                    let earlier = source.columns.filter { $0.key == key }.map(\.source)
                    if !earlier.isEmpty, source.table == nil || earlier.count > 1 {
                        let names = (earlier + [name]).joined(separator: ", ")
                        fail("\(path).columns.\(name)", keyNode, source.table == nil
                            ? "two columns are mapped to \(key) (\(names)): map one of them (two may give one property only "
                                + "with a joined table, one column of the geometry file and one of the table)"
                            : "\(earlier.count + 1) columns are mapped to \(key) (\(names)): map one of them, or one column "
                                + "of the geometry file and one of the table")
                        continue
                    }
                    source.columns.append(.init(source: name, key: key))
                }
            } else {
                fail("\(path).columns", columns, "must be a mapping of source column to property, e.g. {户数: households}")
            }
        }
        if let units = entries["units"], !isNull(units), let kind {
            layerUnits(units, path: "\(path).units", kind: kind, into: &source)
        }
        if source.table != nil && source.key == nil {
            fail("\(path).key", node, "is required with table: the column joining geometries and table rows")
        }
        if source.sheet != nil && source.table == nil {
            fail("\(path).sheet", entries["sheet"], "needs table: (sheet is the table's sheet; a layer's own sheet is layer:)")
        }
        if let name = source.encoding {
            if !TextEncoding.isKnown(name) {
                fail("\(path).encoding", entries["encoding"], "\(name) is not an encoding (iconv does not know it): e.g. cp936, GBK, GB18030, Big5, UTF-8")
            } else if let url, LayerFormat(url) == .geoJSON, source.table == nil {
                fail("\(path).encoding", entries["encoding"], "a GeoJSON file is UTF-8 (RFC 7946): encoding is for Shapefile, CSV and Excel layers and joined tables; remove it")
            }
        }
        if (source.x == nil) != (source.y == nil) {
            fail("\(path).\(source.x == nil ? "x" : "y")", node, "is required with \(source.x == nil ? "y" : "x") (the coordinate columns)")
        }
        return (url, source)
    }

    /// `units: {cost_yuan: 万元}`: the unit of a key's column where its name does not say it.
    /// The key must be a property of the layer with a unit (元, m², 元/m²), the unit one of
    /// that kind; a key `columns` does not map is mapped from its own name.
    private func layerUnits(_ node: Node, path: String, kind: LayerKind, into source: inout LayerSource) {
        guard case .mapping(let pairs) = node else {
            fail(path, node, "must be a mapping of property to unit, e.g. {cost_yuan: 万元}")
            return
        }
        let withUnits = kind.keys.filter { ColumnNames.unit(ofKey: $0) != nil }
        for (keyNode, unitNode) in pairs {
            let key = keyNode.string ?? ""
            let keyPath = "\(path).\(key)"
            if let line = keyNode.mark?.line { keyLines[keyPath] = line }
            guard let text = string(unitNode, keyPath) else { continue }
            guard let keyUnit = ColumnNames.unit(ofKey: key), kind.keys.contains(key) else {
                let hint = closest(key, in: withUnits).map { " (did you mean '\($0)'?)" } ?? ""
                let what = kind.keys.contains(key) ? "\(key) has no unit to declare" : "\(key) is not a property of \(kind.rawValue)\(hint)"
                fail(keyPath, keyNode, "\(what); units may name "
                    + (withUnits.isEmpty ? "no property of \(kind.rawValue)" : withUnits.joined(separator: ", ")))
                continue
            }
            let declarable = ColumnNames.declarable(kind: keyUnit.kind)
            guard let unit = ColumnNames.unit(text), unit.kind == keyUnit.kind else {
                fail(keyPath, unitNode, "\(text) is not a unit renoplan knows for \(key) (in \(keyUnit.text)); write one of "
                    + declarable.joined(separator: ", "))
                continue
            }
            source.units[key] = text
            if !source.columns.contains(where: { $0.key == key }) {
                source.columns.append(.init(source: key, key: key))
            }
        }
    }
}
