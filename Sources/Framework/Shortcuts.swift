import Database

/// `django.shortcuts.redirect` for a URL: 302 Found, 301 Moved Permanently when `permanent`.
/// With `preserveRequest` the client must repeat the method and body: 307, or 308 when
/// `permanent` (Django 5.2's `preserve_request`). The URL is used as given, absolute, relative
/// or `./`/`../`; naming a view to reverse is not supported yet. A URL with an unsafe scheme
/// throws DisallowedRedirect.
public func redirect(_ to: String, permanent: Bool = false, preserveRequest: Bool = false) throws -> HTTPResponseRedirectBase {
    if preserveRequest { return try HTTPResponseRedirectBase(to, status: permanent ? 308 : 307) }
    return permanent ? try HTTPResponsePermanentRedirect(to) : try HTTPResponseRedirect(to)
}

/// `get_object_or_404` for a lookup already made: the value, or Http404 when there is none.
/// Django's message names the model: pass "No Question matches the given query." to match it.
public func get404<T>(_ value: T?, _ message: String = "No object matches the given query.") throws -> T {
    guard let value else { throw Http404(message) }
    return value
}

/// `get_list_or_404` for a lookup already made: the values, or Http404 when there are none.
public func getList404<C: Collection>(_ values: C, _ message: String = "No object matches the given query.") throws -> C {
    guard !values.isEmpty else { throw Http404(message) }
    return values
}

/// `get_object_or_404(Question, pk=question_id)`: the one object the lookup finds, or Http404
/// with Django's message ("No Question matches the given query."). More than one match is
/// MultipleObjectsReturned, as in Django. Inlinable, with the query set taken (`consuming`):
/// compiled where the model is known, the query set is handed on without a copy and without
/// looking up its generic type at run time.
@inlinable
public func getObjectOr404<M: Model>(_ queryset: consuming QuerySet<M>, _ lookup: String, _ value: any Operand) throws -> M {
    try getObjectOr404((consume queryset).filter(lookup, value))
}

/// `get_object_or_404` over a query set already filtered.
@inlinable
public func getObjectOr404<M: Model>(_ queryset: consuming QuerySet<M>) throws -> M {
    do {
        return try (consume queryset).get()
    } catch is DoesNotExist {
        throw Http404("No \(M.self) matches the given query.")
    }
}

/// `get_list_or_404`: the objects, or Http404 when there are none.
public func getListOr404<M: Model>(_ queryset: QuerySet<M>) throws -> [M] {
    let objects = try queryset.fetch()
    guard !objects.isEmpty else { throw Http404("No \(M.self) matches the given query.") }
    return objects
}
