package dev.memstore.kernel;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * How a filtered keyset page is built, in one place for every list that pages by a sort
 * key: the list's filters, the {@code created_at} (or another timestamp's) range filters
 * of {@link CreatedAtRange}, the cursor predicate ({@code (created_at, id) < (:a, :b)}
 * newest first), the order, and a fetch of {@code limit + 1} rows, whose extra row only
 * tells {@link ListPage#of} that another page exists.
 * <p>
 * A query renders as a SQL fragment with named parameters ({@link #sql()},
 * {@link #params()}) and runs with {@code JdbcClient}
 * ({@link #list(JdbcClient, String, RowMapper)}).
 * <p>
 * A sort key's last column is unique (an id or a sequence number), so the order is total
 * and a cursor names exactly one position.
 */
public final class KeysetQuery {

	private static final String PARAMETER_PREFIX = "keyset_";

	private final List<KeyColumn> key;

	private final boolean descending;

	private final List<Condition> conditions = new ArrayList<>();

	private String alias = "";

	private List<Object> after;

	private int limit = PageParams.DEFAULT_LIMIT;

	private KeysetQuery(List<KeyColumn> key, boolean descending) {
		this.key = key;
		this.descending = descending;
	}

	/**
	 * Newest first: {@code created_at desc, id desc}.
	 */
	public static KeysetQuery newestFirst() {
		return byCreation(true);
	}

	/**
	 * A workspace's rows newest first, archived ones only when asked for: the lists of
	 * memory stores, agents and environments.
	 */
	public static KeysetQuery newestFirstInWorkspace(String workspaceId, boolean includeArchived,
			CreatedAtRange createdAt) {
		KeysetQuery query = newestFirst().equal("workspace_id", workspaceId).createdWithin(createdAt);
		return includeArchived ? query : query.isNull("archived_at");
	}

	/**
	 * By {@code (created_at, id)}; a cursor is {@code [created_at, id]}.
	 */
	public static KeysetQuery byCreation(boolean descending) {
		return new KeysetQuery(
				List.of(new KeyColumn("created_at", PageCursor::instantPart), new KeyColumn("id", (part) -> part)),
				descending);
	}

	/**
	 * By one unique {@code bigint} column, such as a per-parent sequence number; a cursor
	 * is {@code [number]}.
	 */
	public static KeysetQuery bySequence(String column, boolean descending) {
		return new KeysetQuery(List.of(new KeyColumn(column, KeysetQuery::longPart)), descending);
	}

	/**
	 * The alias of the listed table in the SQL, for lists whose filters name other
	 * tables.
	 */
	public KeysetQuery alias(String alias) {
		this.alias = alias + ".";
		return this;
	}

	/**
	 * Only rows whose column equals the value.
	 */
	public KeysetQuery equal(String column, Object value) {
		this.conditions.add(new Comparison(column, "=", value));
		return this;
	}

	/**
	 * Only rows whose column is null.
	 */
	public KeysetQuery isNull(String column) {
		this.conditions.add(new IsNull(column));
		return this;
	}

	/**
	 * Rows whose {@code created_at} lies within the range.
	 */
	public KeysetQuery createdWithin(CreatedAtRange range) {
		return within("created_at", range);
	}

	/**
	 * Rows whose timestamp column lies within the range: {@code gt} and {@code lt}
	 * exclusive, {@code gte} and {@code lte} inclusive, an absent bound no bound.
	 */
	public KeysetQuery within(String column, CreatedAtRange range) {
		addBound(column, ">", range.gt());
		addBound(column, ">=", range.gte());
		addBound(column, "<", range.lt());
		addBound(column, "<=", range.lte());
		return this;
	}

	private void addBound(String column, String operator, Instant bound) {
		if (bound != null) {
			this.conditions.add(new Comparison(column, operator, bound));
		}
	}

	/**
	 * A filter written in SQL: it names its columns with the {@link #alias} and its
	 * parameters itself.
	 */
	public KeysetQuery where(String clause) {
		this.conditions.add(new Sql(clause, Map.of()));
		return this;
	}

	/**
	 * A filter written in SQL with one named parameter; nothing when the value is
	 * {@code null}, for optional filters.
	 */
	public KeysetQuery where(String clause, String parameter, Object value) {
		if (value != null) {
			Map<String, Object> params = new LinkedHashMap<>();
			params.put(parameter, value);
			this.conditions.add(new Sql(clause, params));
		}
		return this;
	}

	/**
	 * Continues after the position a cursor holds.
	 * @param cursorKey the decoded cursor, one part per key column, or {@code null} for
	 * the first page
	 */
	public KeysetQuery after(List<String> cursorKey) {
		if (cursorKey == null) {
			this.after = null;
			return this;
		}
		if (cursorKey.size() != this.key.size()) {
			throw invalidCursor();
		}
		List<Object> values = new ArrayList<>();
		for (int i = 0; i < this.key.size(); i++) {
			values.add(this.key.get(i).parse().apply(cursorKey.get(i)));
		}
		this.after = values;
		return this;
	}

	/**
	 * The page size; {@code limit + 1} rows are fetched.
	 */
	public KeysetQuery limit(int limit) {
		this.limit = limit;
		return this;
	}

	/**
	 * Runs the query with {@code JdbcClient}.
	 * @param select the select list and table, such as
	 * {@code select id, body from session_events}
	 */
	public <T> List<T> list(JdbcClient jdbc, String select, RowMapper<T> rows) {
		return jdbc.sql(select + sql()).params(params()).query(rows).list();
	}

	/**
	 * The SQL after the table: {@code where ... order by ... limit :keyset_rows}, with
	 * the parameters of {@link #params()}.
	 */
	public String sql() {
		List<String> clauses = new ArrayList<>();
		int number = 0;
		for (Condition condition : this.conditions) {
			if (condition instanceof Comparison comparison) {
				clauses.add(column(comparison.column()) + " " + comparison.operator() + " :" + PARAMETER_PREFIX
						+ (number++));
			}
			else if (condition instanceof IsNull isNull) {
				clauses.add(column(isNull.column()) + " is null");
			}
			else if (condition instanceof Sql sql) {
				clauses.add("(" + sql.clause() + ")");
			}
		}
		if (this.after != null) {
			List<String> columns = new ArrayList<>();
			List<String> values = new ArrayList<>();
			for (int i = 0; i < this.key.size(); i++) {
				columns.add(column(this.key.get(i).column()));
				values.add(":" + PARAMETER_PREFIX + "after" + i);
			}
			String row = (columns.size() == 1) ? columns.get(0) : "(" + String.join(", ", columns) + ")";
			String position = (values.size() == 1) ? values.get(0) : "(" + String.join(", ", values) + ")";
			clauses.add(row + (this.descending ? " < " : " > ") + position);
		}
		StringBuilder sql = new StringBuilder();
		if (!clauses.isEmpty()) {
			sql.append(" where ").append(String.join(" and ", clauses));
		}
		List<String> order = new ArrayList<>();
		for (KeyColumn column : this.key) {
			order.add(column(column.column()) + (this.descending ? " desc" : ""));
		}
		sql.append(" order by ").append(String.join(", ", order));
		sql.append(" limit :").append(PARAMETER_PREFIX).append("rows");
		return sql.toString();
	}

	/**
	 * The named parameters of {@link #sql()}; instants as UTC timestamps.
	 */
	public Map<String, Object> params() {
		Map<String, Object> params = new LinkedHashMap<>();
		int number = 0;
		for (Condition condition : this.conditions) {
			if (condition instanceof Comparison comparison) {
				params.put(PARAMETER_PREFIX + (number++), sqlValue(comparison.value()));
			}
			else if (condition instanceof Sql sql) {
				sql.params().forEach((name, value) -> params.put(name, sqlValue(value)));
			}
		}
		if (this.after != null) {
			for (int i = 0; i < this.after.size(); i++) {
				params.put(PARAMETER_PREFIX + "after" + i, sqlValue(this.after.get(i)));
			}
		}
		params.put(PARAMETER_PREFIX + "rows", this.limit + 1);
		return params;
	}

	private String column(String column) {
		return this.alias + column;
	}

	private static Object sqlValue(Object value) {
		return (value instanceof Instant instant) ? instant.atOffset(ZoneOffset.UTC) : value;
	}

	private static Object longPart(String part) {
		try {
			return Long.parseLong(part);
		}
		catch (NumberFormatException ex) {
			throw invalidCursor();
		}
	}

	private static ApiException invalidCursor() {
		return ApiException.invalidRequest("page is not a valid page cursor");
	}

	private record KeyColumn(String column, Function<String, Object> parse) {

	}

	private sealed interface Condition permits Comparison, IsNull, Sql {

	}

	private record Comparison(String column, String operator, Object value) implements Condition {

	}

	private record IsNull(String column) implements Condition {

	}

	private record Sql(String clause, Map<String, Object> params) implements Condition {

	}

}
