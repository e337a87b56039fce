import Dispatch
import Foundation
import NIOCore
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A few threads of our own that run jobs in order, each at a lowered scheduling priority; never the cooperative
/// pool or the event loops, which would stall while a hash runs.
final class HashingThreads: Sendable {
    private struct Jobs {
        var waiting = CircularBuffer<@Sendable () -> Void>()
        var stopping = false
    }

    private let jobs = Mutex(Jobs())
    private let wakeups = DispatchSemaphore(value: 0)
    private let count: Int

    init(count: Int, nice: Int32) {
        self.count = count
        for index in 0..<count {
            Thread { [self] in
                Self.nameOwnThread("argon2-\(index)")
                Self.lowerOwnPriority(to: nice)
                self.work()
            }.start()
        }
    }

    func submit(_ job: @escaping @Sendable () -> Void) {
        jobs.withLock { $0.waiting.append(job) }
        wakeups.signal()
    }

    /// Lets each thread end once the jobs already queued are done.
    func stop() {
        jobs.withLock { $0.stopping = true }
        for _ in 0..<count { wakeups.signal() }
    }

    private func work() {
        while true {
            wakeups.wait()
            let next: Next = jobs.withLock { jobs in
                if let job = jobs.waiting.popFirst() { return .run(job) }
                return jobs.stopping ? .stop : .idle
            }
            switch next {
            case .run(let job): job()
            case .stop: return
            case .idle: continue
            }
        }
    }

    private enum Next {
        case run(@Sendable () -> Void)
        case stop
        case idle
    }

    /// Names the calling thread for the kernel (`top -H` shows it). Foundation's `Thread.name` does not reliably get
    /// there on Linux, and Glibc's Swift module hides `pthread_setname_np`; a thread may rename itself through /proc.
    static func nameOwnThread(_ name: String) {
        #if os(Linux)
        let file = open("/proc/thread-self/comm", O_WRONLY)
        guard file >= 0 else { return }
        _ = Array(name.utf8.prefix(15)).withUnsafeBytes { write(file, $0.baseAddress, $0.count) }
        close(file)
        #elseif canImport(Darwin)
        _ = pthread_setname_np(name)
        #endif
    }

    /// Raises the calling thread's niceness to `nice` (never lowers it: that needs privileges). Linux keeps a
    /// niceness per thread and reads `PRIO_PROCESS` with id 0 as the calling thread (as `gettid()` would, which
    /// Glibc's Swift module does not export), so the event loops and the rest of the process are untouched.
    static func lowerOwnPriority(to nice: Int32) {
        #if os(Linux)
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        errno = 0
        let current = getpriority(which, 0)
        guard errno == 0, current < nice else { return }
        _ = setpriority(which, 0, nice)
        #elseif canImport(Darwin)
        _ = pthread_set_qos_class_self_np(QOS_CLASS_UTILITY, 0)
        #endif
    }
}
