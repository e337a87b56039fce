/// A short, human description of a browser from its User-Agent header, for the sessions list.
enum UserAgentSummary {
    static func describe(_ userAgent: String) -> String {
        if userAgent.isEmpty { return "Unknown browser" }
        let browsers = [("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari"), ("curl/", "curl")]
        let systems = [("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"), ("Windows", "Windows"), ("Mac OS X", "macOS"), ("Linux", "Linux")]
        let browser = browsers.first { userAgent.contains($0.0) }?.1
        let system = systems.first { userAgent.contains($0.0) }?.1
        switch (browser, system) {
        case let (b?, s?): return "\(b) on \(s)"
        case let (b?, nil): return b
        case let (nil, s?): return "A browser on \(s)"
        default: return String(userAgent.prefix(60))
        }
    }
}
