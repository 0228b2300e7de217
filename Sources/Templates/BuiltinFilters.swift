/// Every built-in filter of Django 6, grouped by theme under Filters/.
enum BuiltinFilters {
    static let all: [Filter] = StringFilters.all + HTMLFilters.all + URLizeFilters.all + NumberFilters.all
        + ListFilters.all + LogicFilters.all + DateFilters.all
}
