/// `errors/error`: any error status, in the layout.
struct ErrorPage: Sendable {
    let status: Int
    let heading: String
    let message: String
    let errorID: String
    let hasErrorID: Bool
}
