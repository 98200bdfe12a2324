import ArgumentParser
import Foundation
import RenoPlan

#if canImport(Glibc)
    import Glibc
#endif

/// `renoplan batch plan-child --parent PID -- plan …`: how `batch` starts each `plan` (not for
/// people; hidden from help). It asks Linux to send this process SIGTERM when the batch dies
/// (`prctl(PR_SET_PDEATHSIG)`, kept across `exec`), checks that the batch is still its parent (it
/// may have died before the request was made), then replaces itself by `renoplan plan …` with
/// `execv`: the same process, so the batch's own signals reach the plan by its id. A batch killed
/// with SIGKILL, or by a crash, thus leaves no plan running on, writing files no batch records.
struct BatchChild: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: BatchRunner.childCommand,
        abstract: "Start one `renoplan plan` for `renoplan batch` (internal).",
        shouldDisplay: false)

    @Option(name: .long, help: "The batch process: this process ends when it does.")
    var parent: Int32

    @Argument(parsing: .captureForPassthrough, help: "The command to become: plan and its arguments.")
    var command: [String]

    func run() throws {
        let arguments = command.first == "--" ? Array(command.dropFirst()) : command
        guard arguments.first == "plan" else { throw ValidationError("\(BatchRunner.childCommand) only starts `plan`") }
        ParentDeath.signalOnParentDeath(SIGTERM)
        // The batch died between starting this process and the request: nothing to plan for.
        guard getppid() == parent else { throw ExitCode(128 + SIGTERM) }
        let executable = BatchPlan.currentExecutable().path
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        execv(executable, argv)
        let reason = String(cString: strerror(errno))
        for pointer in argv { free(pointer) }
        var standardError = FileHandle.standardError
        print("error: cannot start \(executable): \(reason)", to: &standardError)
        throw ExitCode.failure
    }
}

/// Linux's parent-death signal (prctl(2), `PR_SET_PDEATHSIG`).
enum ParentDeath {
    /// `prctl(PR_SET_PDEATHSIG, signal)`: the kernel sends `signal` to this process when the
    /// thread that started it ends. Kept across `execve` (but for set-user-ID programs).
    ///
    /// `prctl` is variadic in C, which Swift does not import; it is looked up with `dlsym` and
    /// called with its five integer arguments, as glibc's own wrapper takes them (the variadic
    /// and the plain calling conventions agree for integer arguments on Linux x86-64 and arm64).
    /// Does nothing where there is no `prctl` (not Linux).
    static func signalOnParentDeath(_ signal: Int32) {
        #if os(Linux)
            typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
            let setParentDeathSignal: Int32 = 1  // PR_SET_PDEATHSIG, <linux/prctl.h>
            guard let program = dlopen(nil, RTLD_NOW), let symbol = dlsym(program, "prctl") else { return }
            _ = unsafeBitCast(symbol, to: Prctl.self)(setParentDeathSignal, UInt(signal), 0, 0, 0)
        #endif
    }
}
