import Foundation

/// The files of SPEC §8 and §13: `plan.geojson`, `sites.geojson`, `plan.xlsx`, `summary.json`,
/// `report.md`, `report.html`.
public enum PlanWriter {
    /// Renders every file in memory (nothing is written here). `sections` go at the end of both
    /// reports and `sheets` before plan.xlsx's last sheet (revise: the changes to the approved plan).
    static func files(_ result: PlanResult, sections: [ReportSection], sheets: [PlanWorkbook.Sheet] = []) throws -> [(name: String, data: Data)] {
        var files: [(name: String, data: Data)] = []
        if result.outcome.status.hasPlan {
            let toLonLat = result.analysis.district.toLonLat
            files.append(("plan.geojson", try GeoJSONWriter.collection(result.estates.count, toLonLat: toLonLat) { [planFeature(result, $0)] }))
            let sites = siteFeatures(result)
            files.append(("sites.geojson", try GeoJSONWriter.collection(sites.count, toLonLat: toLonLat) { [sites[$0]] }))
        }
        // The workbook (libxlsxwriter) beside the reports (Swift alone): each a second or two on a
        // city. The GeoJSON above spreads itself over every core already.
        let (workbook, reports) = Concurrent.pair({
            Result { () throws -> [(name: String, data: Data)] in
                // SPEC §13: the plan as the table officials submit (年度改造计划表).
                result.outcome.status.hasPlan ? [("plan.xlsx", try XLSXWriter.data(PlanWorkbook(result, extra: sheets)))] : []
            }
        }, {
            Result { () throws -> [(name: String, data: Data)] in
                [
                    ("summary.json", try JSONIO.encode(summary(result), pretty: true)),
                    ("report.md", Data(Report.markdown(result, sections: sections).utf8)),
                    ("report.html", Data(try HTMLReport.html(result, sections: sections).utf8)),
                ]
            }
        })
        return files + (try workbook.get()) + (try reports.get())
    }

    /// Renders every file in memory (nothing is written here).
    public static func files(_ result: PlanResult) throws -> [(name: String, data: Data)] {
        try files(result, sections: [])
    }

    /// Writes the files whole or not at all, and records the seconds it took, with those of
    /// making `result` (its reasons), as the stage `write` (写出) of ``Analysis/stageSeconds``:
    /// the console's 用时 line then accounts for the whole run, not the solve and what comes
    /// before it only (a city's reports and reasons take seconds).
    public static func write(_ result: PlanResult, to directory: URL) throws {
        let started = Date()
        try OutputFolder.write(try files(result), to: directory, replacing: OutputFiles.plan)
        result.analysis.stageSeconds.append((stage: "write", seconds: result.secondsToMake + Date().timeIntervalSince(started)))
    }

    /// Estate e's feature of plan.geojson (SPEC §8).
    static func planFeature(_ result: PlanResult, _ e: Int) -> GeoJSONWriter.Feature {
        let analysis = result.analysis
        let district = analysis.district
        let scenario = analysis.scenario
        let estate = district.estates[e]
        let line = result.estates[e]
        var covered: [String: JSONValue] = [:]
        for (r, rule) in scenario.coverage.enumerated() { covered[rule.kind] = .bool(analysis.coverage.covered[e][r]) }
        var coveredAfter: [String: JSONValue] = [:]
        for (r, rule) in scenario.coverage.enumerated() { coveredAfter[rule.kind] = .bool(line.coveredAfter[r]) }
        var access: [String: JSONValue] = [:], accessAfter: [String: JSONValue] = [:]
        var accessInYear: [String: JSONValue] = [:], enforced: [String: JSONValue] = [:]
        for (k, norm) in scenario.norms.enumerated() {
            access[norm.kind] = .rounded(analysis.coverage.access[k][e], 6)
            accessAfter[norm.kind] = .rounded(line.accessAfter[k], 6)
            accessInYear[norm.kind] = .optional(line.accessInYear[k], 6)
            enforced[norm.kind] = .bool(line.normEnforced[k])
        }
        var properties: [String: JSONValue] = [
            "id": .string(estate.id),
            "name": estate.name.map { .string($0) } ?? .null,
            "class": .string(analysis.gates[e].estateClass.rawValue),
            "status": .string(line.status.rawValue),
            "year": line.year.map { .number(Double($0)) } ?? .null,
            "cluster": analysis.clusterOfEstate[e].map { .string(analysis.clusters[$0].id) } ?? .null,
            "score": .rounded(analysis.scores[e].score, 4),
            "households": .number(Double(estate.households)),
            "population": .number(Double(estate.population)),
            "built_year": .number(Double(estate.builtYear)),
            "cost_yuan": .rounded(estate.costYuan, 2),
            "net_cost_yuan": .rounded(line.netCostYuan, 2),
            "covered": .object(covered),
            "covered_after": .object(coveredAfter),
            "access": .object(access),
            "access_after": .object(accessAfter),
            "access_in_year": .object(accessInYear),
            "norm_enforced": .object(enforced),
            "reasons": .array(line.reasons.map { .string($0) }),
        ]
        properties.merge(ContentAndFundingOutput.estateProperties(result, estate: e)) { _, new in new }
        // `revise` (SPEC §12): works under way or done, so that `evaluate` judges the plan as
        // revise made it (a started estate stays schedulable whatever its data now say).
        if scenario.approvedStates.started[estate.id] != nil {
            properties["approved_state"] = .string("started")
        } else if let started = scenario.approvedStates.underWay[estate.id] {
            // Under way since before the horizon (续建): started in that year, read back so.
            properties["approved_state"] = .string("started")
            properties["year"] = .number(Double(started))
        } else if scenario.approvedStates.completed.contains(estate.id) {
            properties["approved_state"] = .string("completed")
        }
        return GeoJSONWriter.Feature(shape: estate.shape, properties: properties)
    }

    /// The features of sites.geojson: the space each year builds on each site, then the space
    /// built before the horizon (`revise`).
    static func siteFeatures(_ result: PlanResult) -> [GeoJSONWriter.Feature] {
        let analysis = result.analysis
        let district = analysis.district
        let additions = result.outcome.additions.sorted {
            ($0.site, $0.norm, $0.year) < ($1.site, $1.norm, $1.year)
        }
        // Estates each site's space serves under each norm (within the norm's reach), in estate
        // order, so the norm check can be redone from the files: access gain = m2 / demand_persons.
        // Gathered once: per addition it was a pass over every estate (a city has thousands of each).
        var served: [Int: [Int: [Int]]] = [:]
        for norm in Set(additions.map(\.norm)) {
            var bySite: [Int: [Int]] = [:]
            for e in district.estates.indices {
                for option in analysis.coverage.siteOptions[norm][e] where bySite[option.site]?.last != e {
                    bySite[option.site, default: []].append(e)
                }
            }
            served[norm] = bySite
        }
        var features: [GeoJSONWriter.Feature] = []
        for addition in additions {
            let site = district.sites[addition.site]
            let serves = served[addition.norm]?[addition.site] ?? []
            var properties: [String: JSONValue] = [
                "id": .string(site.id),
                "kind": .string(addition.kind),
                "m2": .rounded(addition.m2, 4),
                "year": .number(Double(addition.year)),
                "cost_yuan": .rounded(addition.costYuan, 2),
                "cost_per_m2": .rounded(site.costPerM2Yuan, 2),
                "area_m2": .rounded(site.areaM2, 2),
                "demand_persons": .rounded(analysis.coverage.siteDemand[addition.norm][addition.site], 0),
                "serves": .array(serves.map { .string(district.estates[$0].id) }),
            ]
            properties.merge(ContentAndFundingOutput.siteProperties(result, addition: addition)) { _, new in new }
            features.append(GeoJSONWriter.Feature(shape: site.shape, properties: properties))
        }
        // `revise` (SPEC §12): the space the approved plan built before the horizon, with its
        // year, so that a further `revise` or `evaluate` counts it as existing again.
        for (space, facility) in district.builtSpace {
            features.append(GeoJSONWriter.Feature(shape: district.facilities[facility].shape, properties: [
                "id": .string(space.siteID), "kind": .string(space.kind), "m2": .rounded(space.m2, 4),
                "year": .number(Double(space.year)), "approved_state": "built",
            ]))
        }
        return features
    }

    static func summary(_ result: PlanResult) -> JSONValue {
        let analysis = result.analysis
        let scenario = analysis.scenario
        let outcome = result.outcome
        let years: [JSONValue] = result.years.map { year in
            var properties: [String: JSONValue] = [
                "year": .number(Double(year.year)),
                "estates": .number(Double(year.estates)),
                "clusters": .number(Double(year.clusters)),
                "households": .number(Double(year.households)),
                "extended_households": .number(Double(year.extendedHouseholds)),
                "renovation_yuan": .rounded(year.renovationYuan, 2),
                "site_yuan": .rounded(year.siteYuan, 2),
                "site_m2": .rounded(year.siteM2, 2),
                "spend_yuan": .rounded(year.spendYuan, 2),
                "budget_yuan": .rounded(year.budgetYuan, 2),
                "available_yuan": .rounded(year.availableYuan, 2),
                "value": .rounded(year.value, 4),
            ]
            properties.merge(ContentAndFundingOutput.yearProperties(year, result: result)) { _, new in new }
            return .object(properties)
        }
        var coverage: [String: JSONValue] = [:]
        for share in result.coverageShares {
            coverage[share.kind] = ["before": .rounded(share.before, 6), "after": .rounded(share.after, 6)]
        }
        var norms: [String: JSONValue] = [:]
        for (k, norm) in scenario.norms.enumerated() {
            let estates = analysis.district.estates
            let short = estates.indices.filter { analysis.coverage.access[k][$0] < norm.m2PerPerson - 1e-12 }
            let notAttainable = short.filter { analysis.clusterOfEstate[$0] != nil && !analysis.coverage.normNeedsSites(norm: k, estate: $0, target: norm.m2PerPerson) }
            norms[norm.kind] = [
                "m2_per_person": .number(norm.m2PerPerson),
                "estates_short_before": .number(Double(short.count)),
                "estates_short_after": .number(Double(estates.indices.filter { result.estates[$0].accessAfter[k] < norm.m2PerPerson - 1e-9 }.count)),
                "schedulable_not_attainable": .number(Double(notAttainable.count)),
                "enforced": .number(Double(result.estates.filter { $0.normEnforced[k] }.count)),
                "new_m2": .rounded(outcome.additions.filter { $0.norm == k }.reduce(0) { $0 + $1.m2 }, 2),
            ]
        }
        var statuses: [String: JSONValue] = [:]
        for status in EstateStatus.allCases where (status != .completed && status != .underWay) || result.count(status) > 0 { statuses[status.rawValue] = .number(Double(result.count(status))) }
        return [
            "scenario": .string(scenario.name),
            "scenario_file": .string(scenario.file.lastPathComponent),
            "report_language": .string(scenario.reportLanguage.rawValue),
            "status": .string(outcome.status.rawValue),
            "objective": .optional(outcome.objective, 6),
            // What the objective and each year's value are discounted by (SPEC §7), so that
            // `compare` can tell plans whose values are not on one footing.
            "discount": .number(scenario.discount),
            "bound": .optional(outcome.bound, 6),
            "gap": .optional(outcome.gap, 8),
            "conflicts": .array(outcome.conflicts.map { .string($0) }),
            "years": .array(years),
            "coverage": .object(coverage),
            "norms": .object(norms),
            "statuses": .object(statuses),
            "estates": .number(Double(analysis.district.estates.count)),
            "clusters": .number(Double(analysis.clusters.count)),
            "crs": ["input": .string(analysis.district.inputCRS), "work": .string(analysis.district.workCRS)],
            "solver": [
                "name": "GLPK", "version": .string(GLPKSolver.version),
                "return_code": .string(outcome.solverReturnCode),
                "stopped_by": outcome.stoppedBy.map { .string($0.rawValue) } ?? .null,
                "time_limit_s": .number(outcome.timeLimitSeconds ?? scenario.solver.timeLimitS), "mip_gap": .number(scenario.solver.mipGap),
                "root_bound": .optional(outcome.rootBound, 6),
                "variables": .number(Double(outcome.variables)), "constraints": .number(Double(outcome.constraints)),
            ],
            "renoplan": [
                "version": .string(RenoPlanVersion.string),
                "libraries": .object(Dictionary(
                    uniqueKeysWithValues: RenoPlanVersion.libraries.map { ($0.name, JSONValue.string($0.version)) })),
            ],
            "warnings": .array(analysis.warnings.map { .string($0.description) }),
        ]
    }
}
