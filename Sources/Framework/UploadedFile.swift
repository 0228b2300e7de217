/// An uploaded file from a multipart body (Django's InMemoryUploadedFile).
public struct UploadedFile: Sendable, Equatable {
    /// The field name of the form.
    public var fieldName: String
    /// The file name the client gave, without any directory part.
    public var name: String
    public var contentType: String
    public var charset: String?
    public var content: [UInt8]
    public var size: Int { content.count }

    public init(fieldName: String, name: String, contentType: String, charset: String? = nil, content: [UInt8]) {
        self.fieldName = fieldName
        self.name = name
        self.contentType = contentType
        self.charset = charset
        self.content = content
    }
}
