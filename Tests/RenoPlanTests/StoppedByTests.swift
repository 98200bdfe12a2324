import Foundation
import Testing

@testable import RenoPlan

/// `stopped_by` tells whether the clock chose the plan: a run whose starting-plan searches the
/// clock cut short (at 80% of the limit) says `time` even where its node limit then ended the
/// main search, since a rerun may differ there.
@Suite("stopped_by says when the clock chose the plan")
struct StoppedByTests {
    @Test func searchesCutShortByTheClockSayTime() throws {
        let district = try GeneratedDistrict(estates: 400, seed: 3)
        defer { district.remove() }
        // 400 estates with the norm: the neighbourhood searches take over a second here (debug
        // build), beyond 80% of 1.2 s; the main search then reaches its one node in time on an
        // idle machine (before, stopped_by said node limit there) or the clock stops it.
        let url = try district.scenario(
            "horizon: {start: 2025, years: 3}\nbudget: {annual_yuan: 1.5e8}\nsolver: {time_limit_s: 1.2, node_limit: 1}\n",
            name: "clock")
        let outcome = try Pipeline.solve(try Pipeline.analyse(scenarioAt: url))
        try #require(outcome.solverLog.contains("starting plan cut short by the time limit"), "\(outcome.solverLog)")
        #expect(outcome.status == .feasible)
        #expect(outcome.stoppedBy == .time, "\(outcome.solverLog)")
    }
}
