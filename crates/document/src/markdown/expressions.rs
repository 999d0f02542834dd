//! GitBook expressions, evaluated at build time as an anonymous visitor would see them.
//!
//! Input: an expression from `{% if ... %}` or `<code class="expression">...</code>`, and the
//! space and page variables. Output: a [`Value`]. Supported: `space.vars.x`, `page.vars.x`,
//! string and number literals, `+` (concatenation), `!`, `==`/`===`/`!=`/`!==`, `&&`, `||`,
//! `? :` and parentheses. `visitor.*` and anything unknown are undefined (so `{% if
//! visitor.claims... %}` hides its content and `{% if !visitor... %}` shows it).

use serde_json::Value as Json;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Undefined,
    Bool(bool),
    Number(f64),
    Text(String),
}

impl Value {
    pub fn truthy(&self) -> bool {
        match self {
            Value::Undefined => false,
            Value::Bool(b) => *b,
            Value::Number(n) => *n != 0.0 && !n.is_nan(),
            Value::Text(s) => !s.is_empty(),
        }
    }

    /// The text shown for the value (`None` when undefined).
    pub fn display(&self) -> Option<String> {
        match self {
            Value::Undefined => None,
            Value::Bool(b) => Some(b.to_string()),
            Value::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => Some(format!("{}", *n as i64)),
            Value::Number(n) => Some(n.to_string()),
            Value::Text(s) => Some(s.clone()),
        }
    }

    fn from_json(json: &Json) -> Value {
        match json {
            Json::Null => Value::Undefined,
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => Value::Number(n.as_f64().unwrap_or(0.0)),
            Json::String(s) => Value::Text(s.clone()),
            other => Value::Text(other.to_string()),
        }
    }
}

/// The variables an expression can read.
pub struct Scope<'a> {
    pub space: &'a serde_json::Map<String, Json>,
    pub page: &'a serde_json::Map<String, Json>,
}

/// Evaluates `expression`. Syntax it cannot read evaluates to `Undefined`.
pub fn evaluate(expression: &str, scope: &Scope) -> Value {
    let tokens = match lex(expression) {
        Some(tokens) => tokens,
        None => return Value::Undefined,
    };
    let mut parser = Parser { tokens: &tokens, pos: 0, scope, depth: 0 };
    let value = parser.ternary();
    if parser.pos == tokens.len() { value } else { Value::Undefined }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    Text(String),
    Number(f64),
    Op(&'static str),
}

fn lex(text: &str) -> Option<Vec<Token>> {
    let mut tokens = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '"' || c == '\'' || c == '`' {
            let mut s = String::new();
            i += 1;
            while i < chars.len() && chars[i] != c {
                if chars[i] == '\\' && i + 1 < chars.len() {
                    i += 1;
                }
                s.push(chars[i]);
                i += 1;
            }
            if i >= chars.len() {
                return None;
            }
            i += 1;
            tokens.push(Token::Text(s));
        } else if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            tokens.push(Token::Number(chars[start..i].iter().collect::<String>().parse().ok()?));
        } else if c.is_alphabetic() || c == '_' || c == '$' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || matches!(chars[i], '_' | '$' | '.' | '-')) {
                i += 1;
            }
            tokens.push(Token::Ident(chars[start..i].iter().collect()));
        } else {
            let rest: String = chars[i..chars.len().min(i + 3)].iter().collect();
            let op = ["===", "!==", "==", "!=", "&&", "||", "!", "+", "?", ":", "(", ")"]
                .into_iter()
                .find(|op| rest.starts_with(op))?;
            i += op.chars().count();
            tokens.push(Token::Op(op));
        }
    }
    Some(tokens)
}

fn lookup(path: &str, scope: &Scope) -> Value {
    let (map, rest) = if let Some(rest) = path.strip_prefix("space.vars.") {
        (scope.space, rest)
    } else if let Some(rest) = path.strip_prefix("page.vars.") {
        (scope.page, rest)
    } else {
        return match path {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::Undefined,
        };
    };
    let mut parts = rest.split('.');
    let mut current = parts.next().and_then(|key| map.get(key));
    for part in parts {
        current = current.and_then(|v| v.get(part));
    }
    current.map_or(Value::Undefined, Value::from_json)
}

struct Parser<'a> {
    tokens: &'a [Token],
    pos: usize,
    scope: &'a Scope<'a>,
    depth: usize,
}

impl Parser<'_> {
    fn eat(&mut self, op: &str) -> bool {
        if matches!(self.tokens.get(self.pos), Some(Token::Op(o)) if *o == op) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn ternary(&mut self) -> Value {
        self.depth += 1;
        if self.depth > 64 {
            self.pos = self.tokens.len() + 1;
            return Value::Undefined;
        }
        let condition = self.or();
        let value = if self.eat("?") {
            let yes = self.ternary();
            if !self.eat(":") {
                return Value::Undefined;
            }
            let no = self.ternary();
            if condition.truthy() { yes } else { no }
        } else {
            condition
        };
        self.depth -= 1;
        value
    }

    fn or(&mut self) -> Value {
        let mut left = self.and();
        while self.eat("||") {
            let right = self.and();
            left = if left.truthy() { left } else { right };
        }
        left
    }

    fn and(&mut self) -> Value {
        let mut left = self.equality();
        while self.eat("&&") {
            let right = self.equality();
            left = if left.truthy() { right } else { left };
        }
        left
    }

    fn equality(&mut self) -> Value {
        let mut left = self.sum();
        loop {
            let equal = if self.eat("===") || self.eat("==") {
                true
            } else if self.eat("!==") || self.eat("!=") {
                false
            } else {
                return left;
            };
            let right = self.sum();
            left = Value::Bool((left == right) == equal);
        }
    }

    fn sum(&mut self) -> Value {
        let mut left = self.unary();
        while self.eat("+") {
            let right = self.unary();
            left = match (&left, &right) {
                (Value::Number(a), Value::Number(b)) => Value::Number(a + b),
                _ => Value::Text(format!(
                    "{}{}",
                    left.display().unwrap_or_else(|| "undefined".into()),
                    right.display().unwrap_or_else(|| "undefined".into())
                )),
            };
        }
        left
    }

    fn unary(&mut self) -> Value {
        if self.eat("!") {
            return Value::Bool(!self.unary().truthy());
        }
        if self.eat("(") {
            let value = self.ternary();
            self.eat(")");
            return value;
        }
        let token = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        match token {
            Some(Token::Ident(path)) => lookup(&path, self.scope),
            Some(Token::Text(s)) => Value::Text(s),
            Some(Token::Number(n)) => Value::Number(n),
            _ => {
                self.pos = self.tokens.len() + 1;
                Value::Undefined
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(expression: &str) -> Value {
        let space: serde_json::Map<String, Json> =
            serde_json::from_str(r#"{"unit":"NICU","beds":24,"flag":true,"empty":""}"#).unwrap();
        let page: serde_json::Map<String, Json> = serde_json::from_str(r#"{"room":"B2"}"#).unwrap();
        evaluate(expression, &Scope { space: &space, page: &page })
    }

    #[test]
    fn variables_and_literals() {
        assert_eq!(eval("space.vars.unit"), Value::Text("NICU".into()));
        assert_eq!(eval("page.vars.room"), Value::Text("B2".into()));
        assert_eq!(eval("space.vars.beds").display().as_deref(), Some("24"));
        assert_eq!(eval("space.vars.missing"), Value::Undefined);
        assert_eq!(eval("space.vars.unit + ' ward ' + page.vars.room"), Value::Text("NICU ward B2".into()));
    }

    #[test]
    fn conditions() {
        assert!(!eval("visitor.claims.unsigned.isPremium").truthy());
        assert!(eval("!visitor.claims.unsigned.isPremium").truthy());
        assert!(!eval("visitor.claims.unsigned.role === \"prospect\"").truthy());
        assert!(eval("space.vars.flag && space.vars.unit == 'NICU'").truthy());
        assert!(eval("space.vars.empty || space.vars.unit").truthy());
        assert_eq!(eval("space.vars.flag ? 'yes' : 'no'"), Value::Text("yes".into()));
        assert_eq!(eval("(space.vars.beds)").display().as_deref(), Some("24"));
    }

    #[test]
    fn garbage_is_undefined() {
        assert_eq!(eval("space.vars.unit +"), Value::Undefined);
        assert_eq!(eval("'unclosed"), Value::Undefined);
        assert_eq!(eval("a ; b"), Value::Undefined);
        assert_eq!(eval(&"(".repeat(1000)), Value::Undefined);
    }
}
