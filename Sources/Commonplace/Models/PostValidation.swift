/// The rules for discussion titles and post bodies, shared by every form that writes them.
public enum PostValidation {
    public static func title(_ title: String) -> String? {
        if title.count < Limits.minTitleCharacters { return "Write a title of at least \(Limits.minTitleCharacters) characters that says what the discussion is about." }
        if title.count > Limits.maxTitleCharacters { return "A title can be at most \(Limits.maxTitleCharacters) characters (this one has \(title.count))." }
        return nil
    }

    public static func body(_ body: String, required: Bool = true) -> String? {
        if required, body.isEmpty { return "Write something first: the post is empty." }
        if body.count > Limits.maxPostCharacters { return "A post can be at most \(Limits.maxPostCharacters) characters (this one has \(body.count))." }
        return nil
    }

    /// A lesson learned needs all four sections, each within the post limit.
    public static func lesson(_ sections: [String]) -> String? {
        if sections.contains(where: \.isEmpty) { return "Fill in all four sections: context, what happened, what you learned, what you would recommend." }
        if sections.contains(where: { $0.count > Limits.maxPostCharacters }) { return "Each section can be at most \(Limits.maxPostCharacters) characters." }
        return nil
    }

    static let lessonHeadings = ["Context", "What happened", "What we learned", "What we would recommend"]
}

extension RenderedText {
    /// Renders Markdown once, for storing beside its source.
    static func from(_ markdown: String) -> RenderedText {
        let rendered = Markdown.render(markdown)
        return RenderedText(markdown: markdown, html: rendered.html, mentions: rendered.mentions)
    }
}
