import Database
import Foundation
import Testing

/// `erasedTemplateAttributes` reads stored properties in place from the model inside an `Any`:
/// every name must answer what the typed `templateAttribute` answers.
@Suite struct TemplateAttributeTests {
    static func same<M: Model>(_ model: M) {
        let erased = M.meta.erasedTemplateAttributes
        #expect(!erased.isEmpty)
        for (name, get) in erased {
            let typed = model.templateAttribute(name)
            #expect(typed != nil, "\(name)")
            let inPlace = get(model as Any)
            #expect(String(describing: inPlace) == String(describing: typed.flatMap { $0 }), "\(M.self).\(name)")
        }
    }

    @Test func everyNameReadsAsTheTypedLookup() throws {
        var question = Question(id: 7, questionText: "What's new?", pubDate: Date(timeIntervalSince1970: 1_795_429_230))
        Self.same(question)
        question.id = nil
        Self.same(question)
        Self.same(Choice(id: 3, question: ForeignKey(id: 7), choiceText: "Not much", votes: 2))
        Self.same(Book(id: 1, title: "Dune", author: ForeignKey(id: 2), editor: nil, pages: nil, price: Decimal(12)))
        Self.same(Book(id: 1, title: "Dune", author: ForeignKey(id: 2), editor: ForeignKey(id: 3), pages: 412, price: Decimal(12)))
        Self.same(Author(id: 4, name: "Frank", mentor: nil))
    }

    @Test func optionalsComeUnwrappedAndRelationsWhole() throws {
        let erased = Book.meta.erasedTemplateAttributes
        let book = Book(id: 1, title: "Dune", author: ForeignKey(id: 2), editor: nil, pages: 412, price: Decimal(12))
        #expect(erased["pages"]?(book) as? Int == 412)
        #expect(erased["pk"]?(book) as? Int == 1)
        #expect(erased["title"]?(book) as? String == "Dune")
        #expect((erased["author"]?(book) as? ForeignKey<Author>)?.id == 2)
        let author = Author(id: 4, name: "Frank")
        #expect(Author.meta.erasedTemplateAttributes["books"]?(author) is RelatedSet<Book>)
    }
}
