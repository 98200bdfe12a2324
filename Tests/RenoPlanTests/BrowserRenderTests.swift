import Foundation
import Testing

@testable import RenoPlan

/// SPEC §13: report.html as people see and print it, checked in headless Chromium (Debian
/// `chromium`, with `fonts-noto-cjk` and `poppler-utils`; scripts/install-deps installs them).
///
/// Tofu: a glyph missing from every font is drawn as the same box (.notdef) whatever the
/// character, so a page whose Chinese characters are all missing looks exactly like the same page
/// with each of them replaced by a private-use character (U+E000, in no font). The test renders
/// the report both ways and expects different screenshots; and, so the check is known to be able
/// to fail, renders both again with a font configuration that holds no CJK font and expects
/// byte-identical screenshots there.
///
/// Print: the report printed to PDF must be A3 landscape, start with the map sheet (title and map,
/// the estates drawn in their year's colour, counted in pixels of the page rasterised by
/// `pdftoppm`) and put the tables on the pages after it.
@Suite("Report in a browser", .serialized)
struct BrowserRenderTests {
    /// A plan's report (by default a small plan in Chinese), written to a fresh folder.
    static func writeReport(_ plan: PlanResult? = nil) throws -> (folder: URL, html: URL, result: PlanResult) {
        let result = try plan ?? HTMLReportTests.district(language: "zh").plan()
        let folder = TestFolders.fresh("renoplan-browser")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let html = folder.appendingPathComponent("report.html")
        try Data(try HTMLReport.html(result).utf8).write(to: html)
        return (folder, html, result)
    }

    @Test func chineseTextHasGlyphs() throws {
        let browser = try BrowserTools.require("chromium", "chromium-browser", "google-chrome")
        let (folder, html, _) = try Self.writeReport()
        let text = try String(contentsOf: html, encoding: .utf8)
        // Every CJK character (U+2E80 and up: ideographs and full-width punctuation) → U+E000.
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { scalars.append(scalar.value >= 0x2E80 && scalar.value < 0xE000 ? "\u{E000}" : scalar) }
        let masked = folder.appendingPathComponent("masked.html")
        try Data(String(scalars).utf8).write(to: masked)
        #expect(text.contains("城镇老旧小区改造计划"))

        // A font configuration with Latin fonts only: Chinese becomes tofu there.
        let noCJK = folder.appendingPathComponent("fonts-no-cjk.conf")
        try Data("""
            <?xml version="1.0"?>
            <!DOCTYPE fontconfig SYSTEM "fonts.dtd">
            <fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>\(folder.path)/fc-cache</cachedir></fontconfig>
            """.utf8).write(to: noCJK)

        let shots = [("report", html, nil), ("masked", masked, nil), ("report-tofu", html, noCJK), ("masked-tofu", masked, noCJK)]
        let runs = try BrowserTools.parallel(shots.map { name, page, fonts in
            let png = folder.appendingPathComponent("\(name).png")
            return BrowserTools.Command(
                browser, BrowserTools.chromiumFlags(profile: folder.appendingPathComponent("profile-\(name)"))
                    + ["--screenshot=\(png.path)", "--window-size=1000,700", page.absoluteString],
                environment: fonts.map { ["FONTCONFIG_FILE": $0.path] } ?? [:], output: png)
        })
        let pngs = try runs.map { try Data(contentsOf: $0) }
        for (png, (name, _, _)) in zip(pngs, shots) {
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(name).png is not a PNG")
            #expect(png.count > 2_000, "\(name).png is blank (\(png.count) bytes)")
        }
        #expect(pngs[0] != pngs[1], "the report's Chinese renders as tofu (missing glyphs): install fonts-noto-cjk")
        #expect(pngs[2] == pngs[3], "without CJK fonts the two pages should look alike; the tofu check cannot fail")
    }

    /// `html` printed by Chromium to `folder`/report.pdf (A3 landscape, as its stylesheet says).
    static func printToPDF(_ browser: URL, _ html: URL, in folder: URL) throws -> URL {
        let pdf = folder.appendingPathComponent("report.pdf")
        _ = try BrowserTools.parallel([BrowserTools.Command(
            browser, BrowserTools.chromiumFlags(profile: folder.appendingPathComponent("profile-pdf"))
                + ["--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)", html.absoluteString], output: pdf)])
        return pdf
    }

    @Test func printsOnA3LandscapeWithTheMapFirst() throws {
        let browser = try BrowserTools.require("chromium", "chromium-browser", "google-chrome")
        let pdfinfo = try BrowserTools.require("pdfinfo"), pdftoppm = try BrowserTools.require("pdftoppm"), pdftotext = try BrowserTools.require("pdftotext")
        let (folder, html, result) = try Self.writeReport()
        let pdf = try Self.printToPDF(browser, html, in: folder)

        // pdfinfo: "Page size:       1190.55 x 841.89 pts (A3)" — 420 × 297 mm, wider than tall.
        let info = try BrowserTools.output(pdfinfo, [pdf.path])
        let size = try #require(info.firstMatch(of: /Page size:\s+([0-9.]+) x ([0-9.]+) pts/))
        let width = Double(size.1)! * 25.4 / 72, height = Double(size.2)! * 25.4 / 72
        #expect(abs(width - 420) < 2 && abs(height - 297) < 2, "page is \(width) × \(height) mm, not A3 landscape")
        let pages = Int(try #require(info.firstMatch(of: /Pages:\s+(\d+)/)).1)!
        // The map sheet, then the budget, coverage, norms and tables: a few pages for 5 estates.
        #expect((2...6).contains(pages), "\(pages) pages")

        // Page 1 is the map sheet: title and map; the tables come after it.
        let first = try BrowserTools.output(pdftotext, ["-f", "1", "-l", "1", pdf.path, "-"])
        let rest = try BrowserTools.output(pdftotext, ["-f", "2", "-l", String(pages), pdf.path, "-"])
        #expect(first.contains("城镇老旧小区改造计划"))
        #expect(first.contains("计划图"))
        #expect(!first.contains("各年度小区"))
        #expect(rest.contains("各年度预算使用") && rest.contains("各年度小区"))
        // Folded on screen, the ineligible estates print unfolded: X (built 2015) and its row.
        #expect(rest.contains("2015"), "the ineligible estates' table is not on paper")

        // The map is not blank: page 1 at 72 dpi holds the planned estates in their years'
        // colours. An estate is 100 m, about 17 CSS px on the map (6.1 km over about 1,060 px),
        // so at least ~10 × 10 px each on the page.
        let ppm = folder.appendingPathComponent("page")
        _ = try BrowserTools.output(pdftoppm, ["-r", "72", "-f", "1", "-l", "1", "-singlefile", pdf.path, ppm.path])
        let image = try PPMImage(Data(contentsOf: URL(fileURLWithPath: ppm.path + ".ppm")))
        for (t, year) in result.scenario.horizon.calendarYears.enumerated() {
            let planned = result.estates.filter { $0.year == year }.count
            guard planned > 0 else { continue }
            let colour = HTMLReport.yearColour(t, of: result.scenario.horizon.years)
            let pixels = image.count(near: colour, tolerance: 24)
            // The legend's and the header's swatches alone are two 14 px squares (~200 px at 72 dpi).
            #expect(pixels > 250 + 60 * planned, "\(pixels) pixels of \(year)'s colour \(colour) on the map page")
        }
    }
}

extension BrowserRenderTests {
    /// Item of the A3 walkthrough: map labels printed at about 6 pt. Four estates at the corners
    /// of a 2 km square (a square map, which the page's height limits) named in Chinese only, so a
    /// label's printed width is its character count × the font size (CJK characters are one em
    /// wide). Printed on A3, "东风小区" must be at least 8.5 pt; a 10 px label on this 1,100 px
    /// map squeezed into about 200 mm of height printed at about 5.2 pt. The north arrow's 北 is
    /// on the map page too.
    @Test func mapLabelsPrintLegiblyOnA3() throws {
        let browser = try BrowserTools.require("chromium", "chromium-browser", "google-chrome")
        let pdftotext = try BrowserTools.require("pdftotext")
        let names = ["A": "东风小区", "B": "红卫公寓", "C": "江岸小区", "D": "长江小区"]
        let corners = [("A", 0.0, 0.0), ("B", 2000.0, 0.0), ("C", 0.0, 2000.0), ("D", 2000.0, 2000.0)]
        let result = try TestDistrict(
            estates: corners.map { id, x, y in TestGeo.estate(id, TestGeo.rect(x, y), extra: ["name": .string(names[id]!)]) },
            scenario: "horizon: {start: 2025, years: 1}\nbudget: {annual_yuan: [5e6]}\ncoverage: []\nnorms: []\nreport: {language: zh}\n" + ageOnlyScore
        ).plan()
        #expect(result.estates.allSatisfy { $0.year == 2025 })
        let (folder, html, _) = try Self.writeReport(result)
        let pdf = try Self.printToPDF(browser, html, in: folder)
        // pdftotext -bbox: <word xMin=".." yMin=".." xMax=".." yMax="..">text</word>, in points.
        let words = try BrowserTools.output(pdftotext, ["-f", "1", "-l", "1", "-bbox", pdf.path, "-"])
        let pattern = /<word xMin="([0-9.]+)" yMin="[0-9.]+" xMax="([0-9.]+)" yMax="[0-9.]+">([^<]*)<\/word>/
        var widths: [String: Double] = [:]
        for match in words.matches(of: pattern) { widths[String(match.3)] = Double(match.2)! - Double(match.1)! }
        for name in names.values {
            let width = try #require(widths[name], "\(name) is not on the map page")
            let points = width / Double(name.count)
            #expect(points >= 8.5, "\(name) prints at \(points) pt")
        }
        #expect(widths["北"] != nil, "no north arrow letter on the map page")
    }

    /// QA: in a 1,400 px window the year table's budget and value columns ran off the right edge
    /// of the page's text column (the headers kept on one line; "new facility space cost (M
    /// yuan)" alone is 31 characters). A copy of the English report (the longer headers) gets a
    /// script that measures, once loaded, how far each table and chart ends right of the body's
    /// text column, and Chromium's --dump-dom gives back what it wrote: at 1,400 and at 1,000 px
    /// nothing ends past it. Printed on A3 the year table is whole: its last column's 合计, the
    /// value (the sum of the years' values), is on a page, inside the sheet's 12 mm margin.
    @Test func tablesFitTheWindowAndPrintWhole() throws {
        let browser = try BrowserTools.require("chromium", "chromium-browser", "google-chrome")
        let pdftotext = try BrowserTools.require("pdftotext")
        let (folder, html, result) = try Self.writeReport(try HTMLReportTests.district(language: "en").plan())
        let script = """
            <script>addEventListener('load', () => {
              const body = document.body, right = body.getBoundingClientRect().right - parseFloat(getComputedStyle(body).paddingRight);
              const out = [];
              document.querySelectorAll('table, svg.chart, svg.map').forEach((e, i) => {
                let end = e.getBoundingClientRect().right;
                e.querySelectorAll('th, td').forEach(c => { end = Math.max(end, c.getBoundingClientRect().right); });
                if (end > right + 0.5) out.push(e.tagName + '.' + (e.getAttribute('class') || '') + ' #' + i + ' +' + Math.round(end - right) + 'px');
              });
              body.setAttribute('data-overflow', out.length ? out.join('; ') : 'none');
            });</script>
            """
        let page = try String(contentsOf: html, encoding: .utf8)
        let probe = folder.appendingPathComponent("probe.html")
        try Data(page.replacingOccurrences(of: "</body>", with: script + "</body>").utf8).write(to: probe)
        for width in [1400, 1000] {
            let dom = try BrowserTools.output(browser, BrowserTools.chromiumFlags(profile: folder.appendingPathComponent("profile-dom-\(width)"))
                + ["--window-size=\(width),3000", "--dump-dom", probe.absoluteString])
            let found = try #require(dom.firstMatch(of: /data-overflow="([^"]*)"/), "the measuring script did not run at \(width) px")
            #expect(found.1 == "none", "at \(width) px, past the text column: \(found.1)")
        }

        let pdf = try Self.printToPDF(browser, html, in: folder)
        let words = try BrowserTools.output(pdftotext, ["-bbox", pdf.path, "-"])
        let value = String(format: "%.1f", result.years.reduce(0) { $0 + $1.value })
        let pattern = /<word xMin="([0-9.]+)" yMin="[0-9.]+" xMax="([0-9.]+)" yMax="[0-9.]+">([^<]*)<\/word>/
        let placed = words.matches(of: pattern).filter { $0.3 == value }
        #expect(!placed.isEmpty, "the year table's value total \(value) is on no page")
        // A3 landscape is 1,190.55 pt wide; the margin 12 mm = 34.0 pt.
        for word in placed { #expect(Double(word.2)! <= 1190.55 - 34.0 + 0.5, "\(value) printed at x = \(word.2) pt") }
    }

    /// QA: the walkways were barely visible on the map: 0.7 px of a pale grey, and the map
    /// (1,100 px drawn) shrinks to the page's text column, so on screen the lines were about
    /// 0.6 px wide and blended into the background. The small district with walking distances and
    /// one walkway along its south side, in Chromium at 1,400 and 1,000 px: a script measures the
    /// walkways' stroke as drawn (its width × the map's shrink) and reads their colour and the
    /// map's background. The stroke is at least one CSS pixel, and the colour stands off the
    /// background by a contrast of at least 2:1 (WCAG's ratio of relative luminances) but no more
    /// than 3:1, so the walkways stay light beside the estates and the text.
    @Test func walkwaysVisibleButLight() throws {
        let browser = try BrowserTools.require("chromium", "chromium-browser", "google-chrome")
        var district = HTMLReportTests.district(language: "zh")
        district.walkways = [TestGeo.line([(-50, -20), (6200, -20)])]
        district.scenario += "distance: network\n"
        let (folder, html, _) = try Self.writeReport(try district.plan())
        let script = """
            <script>addEventListener('load', () => {
              const map = document.querySelector('svg.map'), path = map.querySelector('.walkways path');
              const shrink = map.getBoundingClientRect().width / map.viewBox.baseVal.width;
              const stroke = getComputedStyle(path), frame = getComputedStyle(map.querySelector('.frame'));
              document.body.setAttribute('data-walkways', [parseFloat(stroke.strokeWidth) * shrink, stroke.stroke, frame.fill].join(';'));
            });</script>
            """
        let page = try String(contentsOf: html, encoding: .utf8)
        let probe = folder.appendingPathComponent("probe.html")
        try Data(page.replacingOccurrences(of: "</body>", with: script + "</body>").utf8).write(to: probe)
        /// WCAG 2 relative luminance of `rgb(r, g, b)`.
        func luminance(_ css: Substring) throws -> Double {
            let channels = css.matches(of: /[0-9]+/).map { Double($0.output)! / 255 }
            try #require(channels.count == 3, "colour \(css)")
            let linear = channels.map { $0 <= 0.04045 ? $0 / 12.92 : pow(($0 + 0.055) / 1.055, 2.4) }
            return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
        }
        for width in [1400, 1000] {
            let dom = try BrowserTools.output(browser, BrowserTools.chromiumFlags(profile: folder.appendingPathComponent("profile-\(width)"))
                + ["--window-size=\(width),3000", "--dump-dom", probe.absoluteString])
            let found = try #require(dom.firstMatch(of: /data-walkways="([0-9.]+);(rgb\([^)]*\));(rgb\([^)]*\))"/), "the measuring script did not run at \(width) px")
            let strokePx = Double(found.1)!
            #expect(strokePx >= 1, "at \(width) px the walkways are drawn \(strokePx) px wide")
            let (line, background) = (try luminance(found.2), try luminance(found.3))
            let contrast = (max(line, background) + 0.05) / (min(line, background) + 0.05)
            #expect((2...3).contains(contrast), "walkways \(found.2) on \(found.3): contrast \(contrast):1")
        }
    }
}

/// The command-line tools the browser tests run.
enum BrowserTools {
    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    struct Command {
        var executable: URL
        var arguments: [String]
        var environment: [String: String] = [:]
        /// The file the command must write.
        var output: URL

        init(_ executable: URL, _ arguments: [String], environment: [String: String] = [:], output: URL) {
            self.executable = executable
            self.arguments = arguments
            self.environment = environment
            self.output = output
        }
    }

    /// The first of `names` on the PATH.
    static func require(_ names: String...) throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in names {
            for folder in path.split(separator: ":") {
                let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            }
        }
        throw Missing(description: "\(names.joined(separator: " or ")) not found: run scripts/install-deps (Debian: chromium fonts-noto-cjk poppler-utils)")
    }

    /// Headless, no sandbox (CI runs as root, where Chromium's sandbox refuses to start), a
    /// throw-away profile so runs do not share state.
    static func chromiumFlags(profile: URL) -> [String] {
        ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
         "--disable-extensions", "--user-data-dir=\(profile.path)"]
    }

    /// Runs the commands at once (each Chromium takes about a second, mostly starting up) and
    /// returns their output files; fails when one exits non-zero, writes nothing or takes 60 s.
    static func parallel(_ commands: [Command]) throws -> [URL] {
        var processes: [Process] = []
        for command in commands {
            let process = Process()
            process.executableURL = command.executable
            process.arguments = command.arguments
            var environment = ProcessInfo.processInfo.environment
            for (key, value) in command.environment { environment[key] = value }
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            try process.run()
            processes.append(process)
        }
        let deadline = Date().addingTimeInterval(60)
        while processes.contains(where: \.isRunning) && Date() < deadline { usleep(20_000) }
        for process in processes where process.isRunning { process.terminate() }
        for (process, command) in zip(processes, commands) {
            process.waitUntilExit()
            let name = command.output.lastPathComponent
            guard process.terminationStatus == 0 else {
                throw Missing(description: "\(command.executable.lastPathComponent) exited with \(process.terminationStatus) writing \(name)")
            }
            guard FileManager.default.fileExists(atPath: command.output.path) else {
                throw Missing(description: "\(command.executable.lastPathComponent) did not write \(name)")
            }
        }
        return commands.map(\.output)
    }

    /// Runs a command and returns its standard output as text.
    static func output(_ executable: URL, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Missing(description: "\(executable.lastPathComponent) \(arguments.joined(separator: " ")) exited with \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}

/// A binary PPMImage (P6) as pdftoppm writes it: header "P6 width height 255", then RGB bytes.
struct PPMImage {
    let width: Int, height: Int
    let pixels: [UInt8]

    init(_ data: Data) throws {
        let bytes = [UInt8](data)
        var fields: [String] = [], i = 0
        while fields.count < 4 && i < bytes.count {
            while i < bytes.count && (bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09) { i += 1 }
            var field = ""
            while i < bytes.count && !(bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09) {
                field.append(Character(UnicodeScalar(bytes[i])))
                i += 1
            }
            fields.append(field)
        }
        i += 1  // the single whitespace after maxval
        guard fields.count == 4, fields[0] == "P6", let w = Int(fields[1]), let h = Int(fields[2]), fields[3] == "255",
            bytes.count - i >= w * h * 3
        else { throw BrowserTools.Missing(description: "not a P6 PPMImage of 8-bit pixels: \(fields)") }
        width = w
        height = h
        pixels = Array(bytes[i..<(i + w * h * 3)])
    }

    /// Pixels within `tolerance` of a `#rrggbb` colour on every channel.
    func count(near hex: String, tolerance: Int) -> Int {
        let value = Int(hex.dropFirst(), radix: 16)!
        let (r, g, b) = ((value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF)
        var count = 0
        for p in stride(from: 0, to: pixels.count, by: 3)
        where abs(Int(pixels[p]) - r) <= tolerance && abs(Int(pixels[p + 1]) - g) <= tolerance && abs(Int(pixels[p + 2]) - b) <= tolerance {
            count += 1
        }
        return count
    }
}
