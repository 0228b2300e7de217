/// `{% lorem [count] [w|p|b] [random] %}`: Django's lorem ipsum. Without `random` the text
/// starts with the common Latin (COMMON_WORDS for words, COMMON_P for the first paragraph)
/// and is the same every time; further words and paragraphs are random, as in Django.
enum LoremTag {
    static func compile(_ parser: Parser, _ token: Token) throws -> any Node {
        var bits = token.splitContents()
        let name = bits[0]
        let common = bits.last != "random"
        if !common { bits.removeLast() }
        var method = "b"
        if let last = bits.last, ["w", "p", "b"].contains(last) {
            method = last
            bits.removeLast()
        }
        var count = "1"
        if bits.count > 1 { count = bits.removeLast() }
        let countExpression = try parser.compileFilter(count)
        guard bits.count == 1 else { throw TemplateSyntaxError("Incorrect format for '\(name)' tag") }
        return LoremNode(count: countExpression, method: method, common: common, line: token.line)
    }

    static let commonParagraph = "Lorem ipsum dolor sit amet, consectetur adipisicing elit, sed do eiusmod tempor "
        + "incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco "
        + "laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit "
        + "esse cillum dolore eu fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa "
        + "qui officia deserunt mollit anim id est laborum."

    static let commonWords = ["lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipisicing", "elit", "sed",
                              "do", "eiusmod", "tempor", "incididunt", "ut", "labore", "et", "dolore", "magna", "aliqua"]

    static let words = """
        exercitationem perferendis perspiciatis laborum eveniet sunt iure nam nobis eum cum officiis excepturi odio \
        consectetur quasi aut quisquam vel eligendi itaque non odit tempore quaerat dignissimos facilis neque nihil \
        expedita vitae vero ipsum nisi animi cumque pariatur velit modi natus iusto eaque sequi illo sed ex et \
        voluptatibus tempora veritatis ratione assumenda incidunt nostrum placeat aliquid fuga provident praesentium \
        rem necessitatibus suscipit adipisci quidem possimus voluptas debitis sint accusantium unde sapiente voluptate \
        qui aspernatur laudantium soluta amet quo aliquam saepe culpa libero ipsa dicta reiciendis nesciunt doloribus \
        autem impedit minima maiores repudiandae ipsam obcaecati ullam enim totam delectus ducimus quis voluptates \
        dolores molestiae harum dolorem quia voluptatem molestias magni distinctio omnis illum dolorum voluptatum ea \
        quas quam corporis quae blanditiis atque deserunt laboriosam earum consequuntur hic cupiditate quibusdam \
        accusamus ut rerum error minus eius ab ad nemo fugit officia at in id quos reprehenderit numquam iste fugiat \
        sit inventore beatae repellendus magnam recusandae quod explicabo doloremque aperiam consequatur asperiores \
        commodi optio dolor labore temporibus repellat veniam architecto est esse mollitia nulla a similique eos \
        alias dolore tenetur deleniti porro facere maxime corrupti
        """.split(separator: " ").map(String.init)

    /// `count` words, the common ones first unless not `common`.
    static func words(_ count: Int, common: Bool) -> String {
        var list = common ? commonWords : []
        if count > list.count {
            var remaining = count - list.count
            while remaining > 0 {
                let take = min(remaining, words.count)
                remaining -= take
                list += words.shuffled().prefix(take)
            }
        } else {
            list = Array(list.prefix(max(count, 0)))
        }
        return list.joined(separator: " ")
    }

    /// A random sentence: 1–5 comma-separated sections of 3–12 words, capitalized, ending in . or ?.
    static func sentence() -> String {
        let sections = (0..<Int.random(in: 1...5)).map { _ in
            words.shuffled().prefix(Int.random(in: 3...12)).joined(separator: " ")
        }
        let text = sections.joined(separator: ", ")
        return text.prefix(1).uppercased() + text.dropFirst() + (Bool.random() ? "?" : ".")
    }

    static func paragraphs(_ count: Int, common: Bool) -> [String] {
        (0..<max(count, 0)).map { index in
            common && index == 0 ? commonParagraph : (0..<Int.random(in: 1...4)).map { _ in sentence() }.joined(separator: " ")
        }
    }
}

final class LoremNode: Node {
    let count: FilterExpression
    let method: String
    let common: Bool
    let line: Int

    init(count: FilterExpression, method: String, common: Bool, line: Int) {
        self.count = count
        self.method = method
        self.common = common
        self.line = line
    }

    func render(_ context: Context) throws -> String {
        let count = WidthratioNode.pythonInt(try count.resolve(context)) ?? 1
        if method == "w" { return LoremTag.words(count, common: common) }
        var paragraphs = LoremTag.paragraphs(count, common: common)
        if method == "p" { paragraphs = paragraphs.map { "<p>\($0)</p>" } }
        return paragraphs.joined(separator: "\n\n")
    }
}
