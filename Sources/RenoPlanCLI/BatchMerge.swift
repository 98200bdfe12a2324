import ArgumentParser
import Foundation
import RenoPlan

struct BatchMergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the outputs of a batch's shards into one folder with one batch.json and batch.csv.",
        discussion: """
            Reads batch-<i>-of-<n>.json in each FOLDER (a folder given twice is read once), checks \
            that shards 0 … n-1 are all there (exit 2 naming the missing ones otherwise) and that \
            each finished scenario's files are those its run.json recorded (SHA-256), copies each finished scenario's folder into \
            --out when it is elsewhere, and writes batch.json and batch.csv: the same bytes as one \
            machine running the whole batch. The earlier batch.json and batch.csv in --out are \
            removed first, so a refused merge leaves none. See docs/scale-out.md.
            """)

    @Argument(help: "Output folders of the shards (one shared folder, or one per shard).")
    var folders: [String]

    @Option(name: .long, help: "Folder for the joined output (may be the shards' shared folder).")
    var out: String

    @Option(name: .long, help: "Which split to join when the folders hold shard summaries of several counts.")
    var shards: Int?

    @OptionGroup var quietOption: QuietOption

    func validate() throws {
        try OutputOptions.checkFolder(out)
        // A file in the way is found now (exit 73), not as a copy fails halfway.
        do { try OutputFolder.checkCreatable(URL(fileURLWithPath: out)) } catch { throw fail(error) }
    }

    func run() throws {
        do {
            let summary = try BatchMerge.merge(
                folders.map { URL(fileURLWithPath: $0) }, out: URL(fileURLWithPath: out), shards: shards)
            if !quietOption.quiet {
                print("\(summary.shards) shards, \(summary.scenarios) scenarios merged (\(summary.foldersCopied) folders copied); see \(out)/batch.csv")
            }
        } catch {
            throw fail(error)
        }
    }
}
