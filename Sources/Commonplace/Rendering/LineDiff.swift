/// A line-by-line difference of two texts (the standard library's `difference(from:)`), for revision history.
enum LineDiff {
    static func lines(before: String, after: String) -> [DiffLine] {
        let old = before.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let new = after.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let difference = new.difference(from: old)
        var removed = Set<Int>(), inserted = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        var result: [DiffLine] = []
        var i = 0, j = 0
        while i < old.count || j < new.count {
            if i < old.count, removed.contains(i) {
                result.append(DiffLine(text: old[i], added: false, removed: true, marker: "−"))
                i += 1
            } else if j < new.count, inserted.contains(j) {
                result.append(DiffLine(text: new[j], added: true, removed: false, marker: "+"))
                j += 1
            } else {
                if j < new.count { result.append(DiffLine(text: new[j], added: false, removed: false, marker: " ")) }
                i += 1
                j += 1
            }
        }
        return result
    }
}
