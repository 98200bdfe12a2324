import Foundation
import Testing

@testable import RenoPlan

/// SPEC §13: the report language and the wording of amounts, units and names.
@Suite("Report language")
struct LanguageTests {
    let zh = Wording(.zh), en = Wording(.en)

    /// Below 1亿元: 万元 with one decimal (45,200,000 yuan = 4,520 万); from 1亿元 (1e8 yuan) up:
    /// 亿元 with two decimals (150,000,000 = 1.5 亿).
    @Test func moneyInWanAndYi() {
        #expect(zh.money(45_200_000) == "4,520.0万元")
        #expect(zh.money(150_000_000) == "1.50亿元")
        #expect(zh.money(99_990_000) == "9,999.0万元")
        #expect(zh.money(100_000_000) == "1.00亿元")
        #expect(zh.money(5_000) == "0.5万元")
        #expect(zh.money(0) == "0.0万元")
        #expect(zh.money(-12_345_678) == "-1,234.6万元")
        #expect(zh.money(1_234_567_890) == "12.35亿元")
        // English as before this layer existed.
        #expect(en.money(3_240_000) == "3.2M yuan")
        #expect(en.money(450_000) == "450,000 yuan")
        #expect(Wording.wan(1_234_567) == "123.5")
    }

    @Test func unitsAndNames() {
        #expect(zh.households(1234) == "1,234户")
        #expect(en.households(1234) == "1,234 households")
        #expect(zh.area(1234.4) == "1,234平方米")
        #expect(en.area(1234.6) == "1,235 m²")
        #expect(zh.perPerson(0.1) == "0.10平方米/人")
        #expect(en.perPerson(0.105) == "0.105 m²/person")
        #expect(zh.kind("elderly_care") == "养老服务设施")
        #expect(zh.kind("clinic") == "卫生服务站")
        #expect(zh.kind("kindergarten") == "幼儿园")
        #expect(zh.kind("sauna") == "sauna", "an unknown kind keeps its key")
        #expect(en.kind("elderly_care") == "elderly_care")
        #expect(zh.status(.implement) == "本年度实施")
        #expect(zh.status(.reserve) == "储备")
        #expect(en.status(.prepare) == "prepare")
        #expect(zh.estateClass(.core) == "重点改造")
        #expect(en.estateClass(.extended) == "extended")
        #expect(zh.list(["a", "b"]) == "a、b")
    }

    static func scenario(_ extra: String, name: String = "玉林片区") -> String {
        "name: \(name)\ngeodata: {estates: e.geojson}\nhorizon: {start: 2026, years: 3}\nbudget: {annual_yuan: 1e8}\n" + extra
    }

    @Test func scenarioKey() throws {
        let file = URL(fileURLWithPath: "/tmp/scenario.yaml")
        #expect(try Scenario.parse(Self.scenario(""), file: file).reportLanguage == .zh)
        #expect(try Scenario.parse(Self.scenario("report: {language: en}\n"), file: file).reportLanguage == .en)
        #expect(try Scenario.parse(Self.scenario("report:\n  language: zh\n"), file: file).reportLanguage == .zh)
    }

    /// Unknown values and keys are errors with the line and a hint, as every other key.
    @Test(arguments: [
        ("report: {language: cn}\n", "scenario.yaml:5: report.language: must be zh or en, got \"cn\" (did you mean 'zh'?)"),
        ("report: {language: EN}\n", "scenario.yaml:5: report.language: must be zh or en, got \"EN\" (did you mean 'en'?)"),
        ("report: {language: english}\n", "scenario.yaml:5: report.language: must be zh or en, got \"english\" (did you mean 'en'?)"),
        ("report: {languge: en}\n", "scenario.yaml:5: report.languge: unknown key (did you mean 'language'?)"),
        ("reprot: {language: en}\n", "scenario.yaml:5: reprot: unknown key (did you mean 'report'?)"),
    ])
    func badValues(_ yaml: String, _ message: String) {
        let file = URL(fileURLWithPath: "/tmp/scenario.yaml")
        #expect(throws: ScenarioErrors.self) { try Scenario.parse(Self.scenario(yaml), file: file) }
        do {
            _ = try Scenario.parse(Self.scenario(yaml), file: file)
        } catch let errors as ScenarioErrors {
            #expect(errors.errors.map(\.description).contains(message), "got \(errors)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    /// The title names the years once: not again when the name already gives them.
    @Test func titleWithoutRepeatedYears() throws {
        let file = URL(fileURLWithPath: "/tmp/scenario.yaml")
        let plain = try Scenario.parse(Self.scenario(""), file: file)
        #expect(Report.title(plain) == "玉林片区城镇老旧小区改造计划（2026–2028年）")
        let dated = try Scenario.parse(Self.scenario("", name: "玉林片区 2026–2028"), file: file)
        #expect(Report.title(dated) == "玉林片区 2026–2028 城镇老旧小区改造计划")
        let english = try Scenario.parse(Self.scenario("report: {language: en}\n", name: "Yulin 2026–2028"), file: file)
        #expect(Report.title(english) == "Yulin 2026–2028: renovation plan")
        let englishPlain = try Scenario.parse(Self.scenario("report: {language: en}\n", name: "Yulin"), file: file)
        #expect(Report.title(englishPlain) == "Yulin: renovation plan 2026–2028")
    }
}
