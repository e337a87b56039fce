import Foundation
import HTTPTypes
import Prometheus
import Synchronization

/// The numbers `/metrics` shows (Prometheus text format, swift-prometheus). One registry for the process: the database
/// hooks are installed when a connection opens, before any application exists.
///
/// The request path only increments and records into objects made once per route pattern and status (looked up in
/// one dictionary under one lock); gauges that need a query or a file read are read when `/metrics` is scraped.
public final class AppMetrics: Sendable {
    public static let shared = AppMetrics()

    let registry = PrometheusCollectorRegistry()

    private struct RouteKey: Hashable {
        let method: HTTPRequest.Method
        let route: String
        let status: Int
    }

    private struct RouteMetrics {
        var requests: [RouteKey: Counter] = [:]
        var latency: [String: DurationHistogram] = [:]
    }

    private let routes = Mutex(RouteMetrics())
    private let recording = Atomic(true)

    /// Whether requests and SQL statements are timed (`serve --record-metrics false` turns it off to measure its cost;
    /// connections opened while it is off never install the statement timer).
    public var isRecording: Bool { recording.load(ordering: .relaxed) }
    public func setRecording(_ on: Bool) { recording.store(on, ordering: .relaxed) }

    /// Seconds, from 1 ms to 10 s.
    static let latencyBuckets: [Duration] = [.milliseconds(1), .milliseconds(2.5), .milliseconds(5), .milliseconds(10),
                                             .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
                                             .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(10)]
    /// Seconds, from 50 µs to 5 s (single statements and waits for the writer).
    static let databaseBuckets: [Duration] = [.microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500),
                                              .milliseconds(1), .milliseconds(2.5), .milliseconds(5), .milliseconds(10),
                                              .milliseconds(25), .milliseconds(100), .milliseconds(500), .seconds(5)]

    let databaseRead: DurationHistogram
    let databaseWrite: DurationHistogram
    let writeWait: DurationHistogram
    let writeTransaction: DurationHistogram
    let hashRefused: Counter
    let hashQueue: Gauge
    let openConnections: Gauge
    let notificationPending: Gauge
    let notificationFailures: Counter
    let mailQueued: Gauge
    let mailFailed: Gauge
    let mailFailures: Counter
    let viewsPending: Gauge
    let backupAge: Gauge
    let backupLastSuccess: Gauge
    let backupFailed: Gauge
    let residentBytes: Gauge

    private init() {
        func name(_ metric: String, _ help: String) -> MetricNameDescriptor { Self.descriptor(metric, help) }
        let r = registry
        databaseRead = r.makeDurationHistogram(descriptor: name("db_read_seconds", "Time of each SQL statement on a read connection."),
                                               labels: [], buckets: Self.databaseBuckets)
        databaseWrite = r.makeDurationHistogram(descriptor: name("db_write_seconds", "Time of each SQL statement on the writer connection."),
                                                labels: [], buckets: Self.databaseBuckets)
        writeWait = r.makeDurationHistogram(descriptor: name("db_write_queue_wait_seconds", "Time a request's write waited for the one writer."),
                                            labels: [], buckets: Self.databaseBuckets)
        writeTransaction = r.makeDurationHistogram(descriptor: name("db_write_transaction_seconds", "Time a request's write transaction held the writer."),
                                                   labels: [], buckets: Self.databaseBuckets)
        hashRefused = r.makeCounter(descriptor: name("signin_hash_refused_total", "Sign-ins, sign-ups and password changes refused with 429 because the hashing queue was full."))
        hashQueue = r.makeGauge(descriptor: name("signin_hash_queue", "Password hashes running or waiting."))
        openConnections = r.makeGauge(descriptor: name("http_open_connections", "HTTP connections open now."))
        notificationPending = r.makeGauge(descriptor: name("notification_events_pending", "Events not yet fanned out into notifications."))
        notificationFailures = r.makeCounter(descriptor: name("notification_fanout_failures_total", "Fan-out passes that failed."))
        mailQueued = r.makeGauge(descriptor: name("mail_queued", "Emails waiting to be sent."))
        mailFailed = r.makeGauge(descriptor: name("mail_failed", "Emails that failed for good (shown on /admin/mail)."))
        mailFailures = r.makeCounter(descriptor: name("mail_attempt_failures_total", "Delivery attempts that failed for a reason other than the server's reply (no connection, a broken one, a timeout)."))
        viewsPending = r.makeGauge(descriptor: name("views_pending", "Page views counted in memory, not yet saved."))
        backupAge = r.makeGauge(descriptor: name("backup_age_seconds", "Seconds since the snapshot of the newest verified backup (+Inf: none)."))
        backupLastSuccess = r.makeGauge(descriptor: name("backup_last_success_timestamp_seconds", "Unix time of the newest verified backup's snapshot (0: none)."))
        backupFailed = r.makeGauge(descriptor: name("backup_last_failed", "1 when the last scheduled backup failed."))
        residentBytes = r.makeGauge(descriptor: name("process_resident_memory_bytes", "Resident set size of the process."))
    }

    /// `commonplace_` + `name`, whose last word is the unit (`seconds`, `total`, `bytes` …).
    static func descriptor(_ name: String, _ help: String) -> MetricNameDescriptor {
        let unit = name.split(separator: "_").last.map(String.init) ?? name
        return MetricNameDescriptor(namespace: "commonplace", metricName: String(name.dropLast(unit.count + 1)), unitName: unit, helpText: help)
    }

    /// Counts one answered request and records its time, by route pattern (`/d/{id}`), never by the raw path.
    func request(method: HTTPRequest.Method, route: String, status: Int, duration: Duration) {
        guard isRecording else { return }
        let key = RouteKey(method: method, route: route, status: status)
        let (counter, histogram) = routes.withLock { state -> (Counter, DurationHistogram) in
            let counter = state.requests[key] ?? makeCounter(key, into: &state)
            let histogram = state.latency[route] ?? makeHistogram(route, into: &state)
            return (counter, histogram)
        }
        counter.increment()
        histogram.record(duration)
    }

    private func makeCounter(_ key: RouteKey, into state: inout RouteMetrics) -> Counter {
        let counter = registry.makeCounter(
            descriptor: Self.descriptor("http_requests_total", "Requests answered, by route pattern and status."),
            labels: [("method", key.method.rawValue), ("route", key.route), ("status", String(key.status))])
        state.requests[key] = counter
        return counter
    }

    private func makeHistogram(_ route: String, into state: inout RouteMetrics) -> DurationHistogram {
        let histogram = registry.makeDurationHistogram(
            descriptor: Self.descriptor("http_request_duration_seconds", "Time to answer, by route pattern."),
            labels: [("route", route)], buckets: Self.latencyBuckets)
        state.latency[route] = histogram
        return histogram
    }

    /// The resident set size from /proc/self/statm (0 where there is none).
    static func residentSetSize() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Double(fields[1]) else { return 0 }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// The text of `/metrics`.
    func exposition() -> [UInt8] {
        residentBytes.set(Self.residentSetSize())
        var buffer: [UInt8] = []
        buffer.reserveCapacity(32 * 1024)
        registry.emit(into: &buffer)
        return buffer
    }
}
