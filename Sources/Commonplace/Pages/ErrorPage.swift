/// `errors/error`: any error status, in the layout.
struct ErrorPage: Sendable {
    let status: Int
    let heading: String
    let message: String
    let errorID: String
    let hasErrorID: Bool
    /// When the server could not save (503): the form's fields given back, and where "Try again" sends them.
    var kept: [KeptField] = []
    var hasKept = false
    var retryAction = ""
    var retryCSRF = ""
}

/// One field of a form the server could not save, shown back to its author.
struct KeptField: Sendable {
    let id: String
    let name: String
    let label: String
    let value: String
    /// Long or multi-line text gets a text area; the rest a one-line input.
    let isLong: Bool

    init(index: Int, name: String, value: String) {
        id = "kept-\(index)"
        self.name = name
        label = name.replacingOccurrences(of: "_", with: " ").capitalizedFirst
        self.value = value
        isLong = value.count > 80 || value.contains("\n")
    }
}
