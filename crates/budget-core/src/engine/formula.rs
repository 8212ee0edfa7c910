//! Cell formulas: `=31 633+400`, `=1200*1,023`, `=(A-B)/2`, `=[Köp av verksamhet]*0,5`,
//! `=SUMMA([Personal];[Övrigt])`. Exact decimal arithmetic with + − × ÷, parentheses and
//! `SUMMA`/`SUM` (arguments separated by `;`, as in Swedish Excel); numbers are written the
//! Swedish way; a name (bare, or in brackets when it has spaces) refers to another row of the
//! same column by id or label. Parsing is separate from evaluation so dependencies can be
//! ordered first; `explain` turns what went wrong into advice on the row syntax.

use rust_decimal::Decimal;
use thiserror::Error;

use crate::base::{Lang, Text};
use crate::{text, tr};

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{}", self.message(Lang::Sv))]
pub struct FormulaError {
    pub formula: String,
    pub position: usize,
    pub message: Text,
}

impl FormulaError {
    pub fn message(&self, lang: Lang) -> String {
        let (formula, position, message) = (&self.formula, self.position, self.message.get(lang));
        tr!(
            lang,
            "formeln ”{formula}”: {message} (tecken {position})",
            "the formula “{formula}”: {message} (character {position})"
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Add,
    Sub,
    Mul,
    Div,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    Number(Decimal),
    /// A row name as written (id or label); resolved by the caller.
    Ref(String),
    Neg(Box<Expr>),
    Binary(Op, Box<Expr>, Box<Expr>),
    /// `SUMMA(a; b; …)` / `SUM(…)`: what Excel users type for a total of named rows.
    Sum(Vec<Expr>),
}

/// The spreadsheet functions a formula may call, in the two languages users type them in.
const SUM_NAMES: [&str; 2] = ["SUMMA", "SUM"];

/// Nesting deeper than this is refused, so a hostile formula cannot exhaust the stack.
const MAX_DEPTH: usize = 64;

struct Parser<'a> {
    source: &'a str,
    chars: Vec<char>,
    pos: usize,
    depth: usize,
}

impl Parser<'_> {
    fn error(&self, message: Text) -> FormulaError {
        FormulaError {
            formula: self.source.trim().to_string(),
            position: self.pos + 1,
            message,
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn expr(&mut self) -> Result<Expr, FormulaError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(text!("för djupt nästlad", "nested too deeply")));
        }
        let mut left = self.term()?;
        loop {
            self.skip_space();
            let op = match self.peek() {
                Some('+') => Op::Add,
                Some('-' | '\u{2212}' | '\u{2013}') => Op::Sub,
                _ => break,
            };
            self.pos += 1;
            let right = self.term()?;
            left = Expr::Binary(op, Box::new(left), Box::new(right));
        }
        self.depth -= 1;
        Ok(left)
    }

    fn term(&mut self) -> Result<Expr, FormulaError> {
        let mut left = self.factor()?;
        loop {
            self.skip_space();
            let op = match self.peek() {
                Some('*' | '×') => Op::Mul,
                Some('/' | '÷') => Op::Div,
                _ => break,
            };
            self.pos += 1;
            let right = self.factor()?;
            left = Expr::Binary(op, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn factor(&mut self) -> Result<Expr, FormulaError> {
        self.skip_space();
        match self.peek() {
            Some('-' | '\u{2212}' | '\u{2013}') => {
                self.pos += 1;
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return Err(self.error(text!("för djupt nästlad", "nested too deeply")));
                }
                let inner = self.factor()?;
                self.depth -= 1;
                Ok(Expr::Neg(Box::new(inner)))
            }
            Some('+') => {
                self.pos += 1;
                self.factor()
            }
            Some('(') => {
                self.pos += 1;
                let inner = self.expr()?;
                self.skip_space();
                if self.peek() != Some(')') {
                    return Err(self.error(text!(
                        "saknar avslutande parentes",
                        "closing parenthesis missing"
                    )));
                }
                self.pos += 1;
                Ok(inner)
            }
            Some('[') => {
                self.pos += 1;
                let start = self.pos;
                while self.peek().is_some_and(|c| c != ']') {
                    self.pos += 1;
                }
                if self.peek() != Some(']') {
                    return Err(self.error(text!("saknar ]", "] missing")));
                }
                let name: String = self.chars[start..self.pos].iter().collect();
                self.pos += 1;
                let name = name.trim().to_string();
                if name.is_empty() {
                    return Err(self.error(text!("tomt radnamn", "empty row name")));
                }
                Ok(Expr::Ref(name))
            }
            Some(c) if c.is_ascii_digit() || c == ',' || c == '.' => self.number(),
            Some(c) if c.is_alphabetic() || c == '_' => {
                let start = self.pos;
                while self.peek().is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    self.pos += 1;
                }
                let name: String = self.chars[start..self.pos].iter().collect();
                let mut ahead = self.pos;
                while self.chars.get(ahead).is_some_and(|c| c.is_whitespace()) {
                    ahead += 1;
                }
                if self.chars.get(ahead) == Some(&'(') {
                    self.pos = ahead;
                    return self.call(&name);
                }
                self.after_bare_name(start)?;
                Ok(Expr::Ref(name))
            }
            Some(':') => Err(self.range_error()),
            Some(c) => Err(self.error(text!("oväntat tecken ”{c}”", "unexpected character “{c}”"))),
            None => Err(self.error(text!(
                "slutar mitt i ett uttryck",
                "ends in the middle of an expression"
            ))),
        }
    }

    /// `NAME(` has been read up to the parenthesis: a `SUMMA`/`SUM` call, or advice.
    fn call(&mut self, name: &str) -> Result<Expr, FormulaError> {
        if !SUM_NAMES.iter().any(|f| f.eq_ignore_ascii_case(name)) {
            return Err(self.error(text!(
                "funktionen {name} finns inte i Kalkyl; en formel kan använda + − * / och \
                 SUMMA([Rad];[Rad])",
                "there is no function {name} in Kalkyl; a formula can use + − * / and \
                 SUM([Row];[Row])"
            )));
        }
        self.pos += 1;
        let mut terms = Vec::new();
        loop {
            self.skip_space();
            if self.peek() == Some(')') && terms.is_empty() {
                return Err(self.error(text!(
                    "{name}() behöver minst en rad eller ett tal, t.ex. {name}([Rad];[Rad])",
                    "{name}() needs at least one row or number, e.g. {name}([Row];[Row])"
                )));
            }
            terms.push(self.expr()?);
            self.skip_space();
            match self.peek() {
                Some(';') => self.pos += 1,
                Some(')') => {
                    self.pos += 1;
                    return Ok(Expr::Sum(terms));
                }
                Some(':') => return Err(self.range_error()),
                _ => {
                    return Err(self.error(text!(
                        "{name}( saknar ; mellan delarna eller ) i slutet",
                        "{name}( lacks ; between its parts or ) at the end"
                    )))
                }
            }
        }
    }

    /// A bare name followed by another word is a label with spaces typed without brackets
    /// (`=Köp av verksamhet*0,1`): say how to write it rather than "unexpected character a".
    fn after_bare_name(&mut self, start: usize) -> Result<(), FormulaError> {
        let mut ahead = self.pos;
        while self.chars.get(ahead).is_some_and(|c| c.is_whitespace()) {
            ahead += 1;
        }
        if ahead == self.pos || !self.chars.get(ahead).is_some_and(|c| c.is_alphanumeric()) {
            return Ok(());
        }
        let mut end = ahead;
        while self
            .chars
            .get(end)
            .is_some_and(|c| c.is_alphanumeric() || c.is_whitespace() || *c == '_')
        {
            end += 1;
        }
        let label: String = self.chars[start..end].iter().collect();
        let label = label.trim();
        self.pos = ahead;
        Err(self.error(text!(
            "ett radnamn med mellanslag skrivs inom hakparenteser: [{label}]",
            "a row name with spaces is written in square brackets: [{label}]"
        )))
    }

    fn range_error(&self) -> FormulaError {
        self.error(text!(
            "områden med : finns inte; räkna upp raderna med ; emellan, t.ex. \
             SUMMA([Personal];[Övrigt])",
            "ranges with : do not exist; list the rows with ; between them, e.g. \
             SUM([Personal];[Other])"
        ))
    }

    /// A Swedish number: digits, groups of three after a space/NBSP, one decimal comma or point.
    fn number(&mut self) -> Result<Expr, FormulaError> {
        let start = self.pos;
        let mut text = String::new();
        let mut seen_decimal = false;
        loop {
            match self.peek() {
                Some(c) if c.is_ascii_digit() => {
                    text.push(c);
                    self.pos += 1;
                }
                Some(',' | '.') if !seen_decimal => {
                    seen_decimal = true;
                    text.push('.');
                    self.pos += 1;
                }
                Some(' ' | '\u{a0}' | '\u{202f}') if !seen_decimal => {
                    // A group separator only when exactly three digits follow.
                    let group: Vec<char> = self
                        .chars
                        .iter()
                        .skip(self.pos + 1)
                        .take(4)
                        .copied()
                        .collect();
                    let three = group.len() >= 3 && group[..3].iter().all(char::is_ascii_digit);
                    let ends = group.get(3).is_none_or(|c| !c.is_ascii_digit());
                    if three && ends {
                        self.pos += 1;
                    } else {
                        break;
                    }
                }
                _ => break,
            }
        }
        if !text.chars().any(|c| c.is_ascii_digit()) {
            self.pos = start;
            return Err(self.error(text!("saknar siffror", "no digits")));
        }
        rust_decimal::Decimal::from_str_exact(&text)
            .map(Expr::Number)
            .map_err(|_| self.error(text!("talet är för stort", "the number is too large")))
    }
}

/// Parses the text of a formula cell (with or without the leading `=`).
pub fn parse(source: &str) -> Result<Expr, FormulaError> {
    let body = source.trim_start();
    let body = body.strip_prefix('=').unwrap_or(body);
    let mut p = Parser {
        source,
        chars: body.chars().collect(),
        pos: 0,
        depth: 0,
    };
    let expr = p.expr()?;
    p.skip_space();
    match p.peek() {
        None => Ok(expr),
        Some(':') => Err(p.range_error()),
        Some(';') => Err(p.error(text!(
            "; skiljer delarna i SUMMA(…; …) och står bara där",
            "; separates the parts of SUM(…; …) and belongs only there"
        ))),
        Some(c) => Err(p.error(text!("oväntat tecken ”{c}”", "unexpected character “{c}”"))),
    }
}

impl Expr {
    /// Every row name the formula refers to, in order of appearance.
    pub fn refs(&self) -> Vec<&str> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(e) = stack.pop() {
            match e {
                Expr::Number(_) => {}
                Expr::Ref(name) => out.push(name.as_str()),
                Expr::Neg(inner) => stack.push(inner),
                Expr::Binary(_, l, r) => {
                    stack.push(r);
                    stack.push(l);
                }
                Expr::Sum(terms) => stack.extend(terms.iter().rev()),
            }
        }
        out
    }
}

/// Why a formula has no value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvalError {
    DivisionByZero,
    Overflow,
    /// A referenced row has no figure or is itself in error; carried as the referenced value.
    Operand(crate::engine::eval::Value),
}

/// Evaluates with `resolve` giving each referenced row's value in the same column.
pub fn evaluate(
    expr: &Expr,
    resolve: &dyn Fn(&str) -> crate::engine::eval::Value,
) -> Result<Decimal, EvalError> {
    use crate::base::Exact;
    use crate::engine::eval::Value;
    Ok(match expr {
        Expr::Number(d) => *d,
        Expr::Ref(name) => match resolve(name) {
            Value::Number(d) => d,
            other => return Err(EvalError::Operand(other)),
        },
        Expr::Neg(inner) => -evaluate(inner, resolve)?,
        Expr::Sum(terms) => {
            let mut total = Decimal::ZERO;
            for t in terms {
                total = total
                    .plus(evaluate(t, resolve)?)
                    .ok_or(EvalError::Overflow)?;
            }
            total
        }
        Expr::Binary(op, l, r) => {
            let (a, b) = (evaluate(l, resolve)?, evaluate(r, resolve)?);
            match op {
                Op::Add => a.plus(b).ok_or(EvalError::Overflow)?,
                Op::Sub => a.minus(b).ok_or(EvalError::Overflow)?,
                Op::Mul => a.times(b).ok_or(EvalError::Overflow)?,
                Op::Div => {
                    if b.is_zero() {
                        return Err(EvalError::DivisionByZero);
                    }
                    a.divided_by(b).ok_or(EvalError::Overflow)?
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::eval::Value;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn calc(src: &str) -> Decimal {
        let rows = |name: &str| match name {
            "A" | "a" => Value::Number(d("10")),
            "B" => Value::Number(d("4")),
            "Köp av verksamhet" => Value::Number(d("-676783")),
            _ => Value::Blank,
        };
        evaluate(&parse(src).unwrap(), &rows).unwrap()
    }

    #[test]
    fn swedish_arithmetic_is_exact() {
        assert_eq!(calc("=1200*1,023"), d("1227.600"));
        assert_eq!(calc("=31 633+400"), d("32033"));
        assert_eq!(calc("= 31 633 + 400 "), d("32033"));
        assert_eq!(calc("=(A-B)/2"), d("3"));
        assert_eq!(calc("=A−B"), d("6"));
        assert_eq!(calc("=-A*-2"), d("20"));
        assert_eq!(calc("=1/3*3"), d("1") * (d("1") / d("3")) * d("3"));
        assert_eq!(calc("=[Köp av verksamhet]×0,5"), d("-338391.5"));
        assert_eq!(calc("=10÷4"), d("2.5"));
        assert_eq!(calc("=2+3*4"), d("14"));
        assert_eq!(calc("=(2+3)*4"), d("20"));
        assert_eq!(calc("=1 000 000,5-0.5"), d("1000000"));
    }

    #[test]
    fn summa_adds_its_parts_as_excel_does() {
        assert_eq!(calc("=SUMMA(1;2)"), d("3"));
        assert_eq!(
            calc("=summa([Köp av verksamhet]; A; 1 000,5)"),
            d("-675772.5")
        );
        assert_eq!(calc("=SUM(A;B)*2"), d("28"));
        assert_eq!(calc("=SUMMA (A-B; SUMMA(B;B))"), d("14"));
        assert_eq!(
            parse("=SUMMA(A;[Köp av verksamhet])").unwrap().refs(),
            ["A", "Köp av verksamhet"]
        );
    }

    #[test]
    fn mistakes_an_excel_user_makes_are_explained() {
        for (src, fragment) in [
            (
                "=Köp av verksamhet*0,1",
                "hakparenteser: [Köp av verksamhet]",
            ),
            ("=SUMMA(A:B)", "räkna upp raderna med ;"),
            ("=A:B", "räkna upp raderna med ;"),
            ("=MEDEL(A;B)", "funktionen MEDEL finns inte"),
            ("=SUMMA()", "minst en rad"),
            ("=SUMMA(A B)", "[A B]"),
            ("=SUMMA(A;B", "saknar ;"),
            ("=1;2", "; skiljer delarna"),
        ] {
            let err = parse(src).unwrap_err().to_string();
            assert!(err.contains(fragment), "{src}: {err}");
        }
        let en = parse("=Köp av verksamhet*0,1")
            .unwrap_err()
            .message(Lang::En);
        assert!(en.contains("square brackets: [Köp av verksamhet]"), "{en}");
    }

    #[test]
    fn refs_are_listed() {
        let e = parse("=(A-B)/2+[Köp av verksamhet]").unwrap();
        assert_eq!(e.refs(), ["A", "B", "Köp av verksamhet"]);
    }

    #[test]
    fn bad_formulas_say_where() {
        for (src, fragment) in [
            ("=1+", "slutar"),
            ("=(1+2", "parentes"),
            ("=1+2)", "oväntat tecken ”)”"),
            ("=1 % 2", "oväntat tecken ”%”"),
            ("=[A", "saknar ]"),
            ("=[]", "tomt"),
            ("=", "slutar"),
        ] {
            let err = parse(src).unwrap_err().to_string();
            assert!(err.contains(fragment), "{src}: {err}");
        }
        let deep = format!("={}1{}", "(".repeat(200), ")".repeat(200));
        assert!(parse(&deep).unwrap_err().to_string().contains("djupt"));
        let negs = format!("={}1", "-".repeat(500));
        assert!(parse(&negs).is_err());
    }

    #[test]
    fn division_by_zero_and_missing_operands_are_errors() {
        let none = |_: &str| Value::Blank;
        assert_eq!(
            evaluate(&parse("=1/0").unwrap(), &none),
            Err(EvalError::DivisionByZero)
        );
        assert_eq!(
            evaluate(&parse("=X+1").unwrap(), &none),
            Err(EvalError::Operand(Value::Blank))
        );
    }
}
