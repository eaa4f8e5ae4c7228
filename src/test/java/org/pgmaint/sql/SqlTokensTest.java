package org.pgmaint.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pgmaint.testing.VersionIndependent;

/** The tokenizer that decides what a retention condition and a check's SQL may contain. */
@VersionIndependent
class SqlTokensTest {

    @Test
    void safety01_parenthesesThatEscapeTheWrappingAreUnbalanced() {
        for (String hostile : List.of("processed) or (kind = 'young'", "1=1) or (1=1", ") or (", "a = 1)", "(a = 1",
                "f(x))", "((a)")) {
            assertNotNull(SqlTokens.scan(hostile).parenthesisProblem(), hostile);
        }
        assertEquals("the ')' at character 10 closes a parenthesis the text did not open",
                SqlTokens.scan("processed) or (kind = 'young'").parenthesisProblem());
        assertEquals("1 parenthesis opened and not closed (the last at character 1)",
                SqlTokens.scan("(a = 1").parenthesisProblem());
    }

    @Test
    void safety01_parenthesesInsideLiteralsIdentifiersAndDollarQuotesDoNotCount() {
        for (String balanced : List.of("kind = ')'", "\"a)b\" = 1", "x = $$)$$", "x = $t$ ( $t$", "x = E'\\')'",
                "(a or b) and (c)", "f(g(x), ')') = 1", "kind = 'it''s )'", "x = U&')'", "coalesce(\"(\", ')') = '('")) {
            assertNull(SqlTokens.scan(balanced).parenthesisProblem(), balanced);
        }
        assertNotNull(SqlTokens.scan("kind = ')' )").parenthesisProblem());
    }

    @Test
    void safety06_statementsCountOnlySemicolonsInCode() {
        assertEquals(1, SqlTokens.scan("select 'a;b'").statements());
        assertEquals(1, SqlTokens.scan("select $x$ ; $x$").statements());
        assertEquals(1, SqlTokens.scan("select $$;$$, $a$ $$ ; $$ $a$").statements());
        assertEquals(1, SqlTokens.scan("select \"a;b\" from t").statements());
        assertEquals(1, SqlTokens.scan("select /* ; */ 1").statements());
        assertEquals(1, SqlTokens.scan("select /* /* ; */ ; */ 1").statements());
        assertEquals(1, SqlTokens.scan("select 1 -- ; commit\n").statements());
        assertEquals(1, SqlTokens.scan("select E'\\';' as x").statements());
        assertEquals(1, SqlTokens.scan("select 1;").statements());
        assertEquals(1, SqlTokens.scan("select 1; -- done\n ;").statements());
        assertEquals(3, SqlTokens.scan("select 1; commit; create table x()").statements());
        assertEquals(2, SqlTokens.scan("select 'a'; select 'b'").statements());
        assertEquals(2, SqlTokens.scan("select 1 /* x */; select 2").statements());
        assertEquals(2, SqlTokens.scan("select E'\\\\'; select 2").statements());
        assertEquals(2, SqlTokens.scan("select $1;select $2").statements());
        assertEquals(0, SqlTokens.scan(" ; -- nothing").statements());
        assertEquals("select ';' ", SqlTokens.scan("select ';';").withoutSemicolons());
    }

    @Test
    void safety06_identifiersWithDollarsAreNotDollarQuotes() {
        // a$b$ is one identifier: the ; after it ends a statement
        assertEquals(2, SqlTokens.scan("select a$b$ ; select 1 as b$").statements());
        assertEquals(List.of(SqlTokens.Kind.CODE), SqlTokens.scan("select a$b$ from t").spans().stream()
                .map(SqlTokens.Span::kind).toList());
        // ee'x' is an identifier, then a plain literal (no backslash escapes)
        assertEquals(2, SqlTokens.scan("select ee'\\'; select 1", true).statements());
    }

    @Test
    void safety06_commentsAreReported() {
        assertTrue(SqlTokens.scan("a = 1 -- x").hasComments());
        assertTrue(SqlTokens.scan("a = 1 /* x */").hasComments());
        assertTrue(SqlTokens.scan("a = 1 +-- x").hasComments());
        assertFalse(SqlTokens.scan("note like '%--%' and \"/*\" = '*/'").hasComments());
        assertFalse(SqlTokens.scan("a = $$ -- $$").hasComments());
    }

    @Test
    void safety06_unterminatedTextIsRefused() {
        for (String broken : List.of("select 'abc", "select \"abc", "select $$ abc", "select $a$ abc $b$",
                "select /* abc", "select /* /* */ abc", "select E'abc\\'", "kind = 'young", "x = 'it''s")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SqlTokens.scan(broken), broken);
            assertTrue(e.getMessage().startsWith("unterminated "), e.getMessage());
        }
        assertEquals("unterminated quoted string starting at character 8",
                assertThrows(IllegalArgumentException.class, () -> SqlTokens.scan("select 'abc")).getMessage());
    }

    @Test
    void safety06_aBackslashThatStandardConformingStringsDecidesIsRefused() {
        // with standard_conforming_strings off the server reads '\' as the start of a longer literal
        String ambiguous = "select '\\', ' ; commit; create table x(); select 1 as x --'";
        assertEquals(1, SqlTokens.scan(ambiguous, true).statements());
        assertEquals(4, SqlTokens.scan(ambiguous, false).statements());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SqlTokens.scan(ambiguous));
        assertTrue(e.getMessage().contains("standard_conforming_strings"), e.getMessage());
        // a backslash that does not move the end is fine either way (a built-in check splits on '\) AND \(')
        assertEquals(1, SqlTokens.scan("select regexp_split_to_table(p, '\\) AND \\(')").statements());
    }

    @Test
    void safety06_textTheDriverReadsDifferentlyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SqlTokens.scan("select 1e'\\';' ; commit"));
        assertThrows(IllegalArgumentException.class, () -> SqlTokens.scan("select 1$a$;$a$"));
        // a parameter, then a dollar quote
        assertThrows(IllegalArgumentException.class, () -> SqlTokens.scan("select $1$$;$$"));
        assertEquals(1, SqlTokens.scan("select 1 + E'\\';'").statements());
        assertEquals(1, SqlTokens.scan("select (E'\\';')").statements());
    }

    @Test
    void withoutSemicolonsBlanksOnlyCode() {
        assertEquals("select ';'  -- ;\n ", SqlTokens.scan("select ';'; -- ;\n;").withoutSemicolons());
        assertEquals(9, SqlTokens.scan("select 1 ? 2").indexInCode('?'));
        assertEquals(-1, SqlTokens.scan("select '?' as \"?\"").indexInCode('?'));
    }
}
