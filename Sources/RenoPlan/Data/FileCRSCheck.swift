internal import CGDAL
import Foundation

/// A layer's own CRS (a Shapefile's .prj, a GeoPackage's or FileGDB's SRS) against the CRS the
/// scenario reads it in (the layer's `crs`, else the scenario's).
///
/// renoplan reads coordinates in the CRS the scenario names, not the file's (docs/data.md), so a
/// wrong EPSG code in the scenario would put every estate in the wrong place without a word:
/// with `crs: EPSG:4549` (CM 120°E) for boundaries in EPSG:4547 (CM 114°E) they land 600 km
/// away, and every facility, read in lon/lat, is out of reach. Where the file names a CRS and it
/// is not the scenario's, that is an error naming both and the fix.
///
/// Two lon/lat CRSs (WGS 84, CGCS2000 EPSG:4490, …) are taken as the same: they differ by less
/// than a metre at the scale of a district. GCJ-02 and BD-09 are lon/lat CRSs as far as a file
/// can say (a web map's points come in a WGS 84 or unnamed file).
enum FileCRSCheck {
    /// The problem, or nil when the file's CRS is the declared one (or either cannot be told).
    static func mismatch(_ fileCRS: OGRSpatialReferenceH, declared: String, file: String, kind: LayerKind) -> String? {
        guard let declaredCRS = OSRNewSpatialReference(nil) else { return nil }
        defer { OSRDestroySpatialReference(declaredCRS) }
        let lonLat = ChineseCoordinates.System(name: declared) != nil
        guard OSRSetFromUserInput(declaredCRS, lonLat ? "EPSG:4326" : declared) == OGRERR_NONE else { return nil }
        if OSRIsGeographic(fileCRS) != 0 && OSRIsGeographic(declaredCRS) != 0 { return nil }
        let options = ["IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES", "CRITERION=EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS"]
        let same = withCStrings(options) { OSRIsSameEx(fileCRS, declaredCRS, $0) } != 0
        guard !same, !sameProjectionOnNearDatum(fileCRS, declaredCRS) else { return nil }
        let format = LayerFormat(URL(fileURLWithPath: file))
        let source = format == .shapefile ? "its .prj" : format == .geoJSON ? "its \"crs\" member" : "its own CRS"
        let named = name(fileCRS)
        let fix = named.code.map { "write crs: \($0) (geodata.\(kind.rawValue).crs for this layer alone)" }
            ?? "write its EPSG code as crs (geodata.\(kind.rawValue).crs for this layer alone)"
        let declaredName = name(declaredCRS)
        let reading = lonLat || declaredName.code == nil ? declared : declaredName.text
        return "\(source) is \(named.text), but the scenario reads it in \(reading): "
            + "every coordinate would be read in the wrong place. If the file is right, \(fix); if \(source) is wrong, "
            + "correct\(format == .geoPackage || format == .fileGDB ? "" : " or remove") it"
    }

    /// Whether two projected CRSs are one projection on datums that differ by under a metre:
    /// the same projection and parameters (compared as PROJ strings without the datum, so
    /// that the axis order EPSG gives a Gauss–Krüger zone, northing first, does not count),
    /// ellipsoids within half a metre (WGS 84 and GRS 80, the ellipsoid of CGCS2000, differ by
    /// 0.1 mm) and no datum shift given. MapInfo, which has no CGCS2000, writes a Gauss–Krüger
    /// zone of CGCS2000 on WGS 84; Xi'an 1980 (a = 6,378,140 m) and Beijing 1954 (Krassowsky),
    /// whose zones lie tens of metres off, stay different.
    private static func sameProjectionOnNearDatum(_ file: OGRSpatialReferenceH, _ declared: OGRSpatialReferenceH) -> Bool {
        guard OSRIsProjected(file) != 0, OSRIsProjected(declared) != 0 else { return false }
        let datumFree = [file, declared].map { reference -> Set<Substring>? in
            var text: UnsafeMutablePointer<CChar>?
            defer { VSIFree(text) }
            guard OSRExportToProj4(reference, &text) == OGRERR_NONE, let text else { return nil }
            let datum = ["+datum=", "+ellps=", "+towgs84=", "+a=", "+b=", "+rf=", "+no_defs", "+type="]
            return Set(String(cString: text).split(separator: " ").filter { token in !datum.contains { token.hasPrefix($0) } })
        }
        guard let fileTerms = datumFree[0], fileTerms == datumFree[1] else { return false }
        var error = OGRERR_NONE
        let axes = [file, declared].map { (OSRGetSemiMajor($0, &error), OSRGetInvFlattening($0, &error)) }
        guard error == OGRERR_NONE, abs(axes[0].0 - axes[1].0) < 0.5, abs(axes[0].1 - axes[1].1) < 1e-4 else { return false }
        return [file, declared].allSatisfy { reference in
            var shift = [Double](repeating: 0, count: 7)
            return OSRGetTOWGS84(reference, &shift, 7) != OGRERR_NONE || shift.allSatisfy { $0 == 0 }
        }
    }

    /// The CGCS2000 Gauss–Krüger zone (EPSG:4513–4554: 3-degree zones with and without the
    /// zone number in the easting) that a CRS without an EPSG code is, by the same test as the
    /// check; nil when it is none of them. MapInfo writes these zones unnamed, on WGS 84;
    /// `renoplan init` offers the code (a 6-degree zone has the parameters of the 3-degree zone
    /// on the same meridian, so that one is named).
    static func gaussKrugerZone(_ reference: OGRSpatialReferenceH) -> String? {
        guard OSRIsProjected(reference) != 0 else { return nil }
        for code in Int32(4513)...4554 {
            guard let zone = OSRNewSpatialReference(nil) else { return nil }
            defer { OSRDestroySpatialReference(zone) }
            if OSRImportFromEPSG(zone, code) == OGRERR_NONE, sameProjectionOnNearDatum(reference, zone) { return "EPSG:\(code)" }
        }
        return nil
    }

    /// The same for a CRS given by name: a GeoJSON file's (pre-RFC 7946) `"crs"` member, as
    /// QGIS writes it for projected data (`urn:ogc:def:crs:EPSG::4547`); nil when GDAL cannot
    /// read the name.
    static func mismatch(named: String, declared: String, file: String, kind: LayerKind) -> String? {
        guard let fileCRS = OSRNewSpatialReference(nil) else { return nil }
        defer { OSRDestroySpatialReference(fileCRS) }
        guard OSRSetFromUserInput(fileCRS, named) == OGRERR_NONE else { return nil }
        return mismatch(fileCRS, declared: declared, file: file, kind: kind)
    }

    /// `EPSG:4547 (CGCS2000 / 3-degree Gauss-Kruger CM 114E)`, or the CRS's name alone when it
    /// has no EPSG code GDAL can find; the code separately.
    private static func name(_ reference: OGRSpatialReferenceH) -> (text: String, code: String?) {
        let title = OSRGetName(reference).map { String(cString: $0) } ?? "a CRS without a name"
        guard let clone = OSRClone(reference) else { return (title, nil) }
        defer { OSRDestroySpatialReference(clone) }
        _ = OSRAutoIdentifyEPSG(clone)
        let target = OSRIsProjected(clone) != 0 ? "PROJCS" : "GEOGCS"
        guard let authority = OSRGetAuthorityName(clone, target), String(cString: authority) == "EPSG",
            let code = OSRGetAuthorityCode(clone, target)
        else {
            // A MapInfo or hand-made CRS has no name: its PROJ string says what it is.
            var text: UnsafeMutablePointer<CChar>?
            defer { VSIFree(text) }
            guard ["unnamed", "unknown", ""].contains(title), OSRExportToProj4(reference, &text) == OGRERR_NONE, let text else { return (title, nil) }
            let terms = String(cString: text).split(separator: " ").filter { $0 != "+no_defs" && !$0.hasPrefix("+type=") }
            return ("an unnamed CRS (\(terms.joined(separator: " ")))", nil)
        }
        let epsg = "EPSG:\(String(cString: code))"
        return ("\(epsg) (\(title))", epsg)
    }
}
