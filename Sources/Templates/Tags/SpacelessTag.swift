/// `{% spaceless %}`: removes whitespace between HTML tags (Django's strip_spaces_between_tags
/// of the stripped content); text inside tags keeps its spaces.
enum SpacelessTag {
    static func compile(_ parser: Parser, _ token: Token) throws -> any Node {
        let nodelist = try parser.parse(until: ["endspaceless"])
        _ = parser.nextToken()
        return SpacelessNode(nodelist, line: token.line)
    }

    /// `re.sub(r">\s+<", "><", text)`.
    static func stripSpacesBetweenTags(_ text: String) -> String {
        let chars = Array(text)
        var out = ""
        var index = 0
        while index < chars.count {
            let char = chars[index]
            out.append(char)
            index += 1
            if char == ">" {
                var end = index
                while end < chars.count, chars[end].isWhitespace { end += 1 }
                if end > index, end < chars.count, chars[end] == "<" { index = end }
            }
        }
        return out
    }
}

final class SpacelessNode: Node {
    let nodelist: NodeList
    let line: Int
    init(_ nodelist: NodeList, line: Int) {
        self.nodelist = nodelist
        self.line = line
    }
    var childNodeLists: [NodeList] { [nodelist] }
    func render(_ context: Context) throws -> String {
        SpacelessTag.stripSpacesBetweenTags(try nodelist.render(context).pythonStripped)
    }
}
