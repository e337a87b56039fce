extension Paths {
    /// A community's own search synonyms (its moderators'), on top of the site's.
    public static func searchSynonyms(_ c: Community) -> String { "/mod/\(c.slug)/search-synonyms" }
}
