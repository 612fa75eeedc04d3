//! No file of `src/` imports a file that (through any chain) imports it back.
//!
//! Reads every `use` line and every `crate::`/`super::`/`self::` path of
//! each file, resolves it to the file that defines the module it names, and
//! looks for circles in the resulting graph. A `mod x;` line is the tree,
//! not an import: a parent may declare its children, and a child may use
//! items its parent defines, as long as the parent does not use the child's
//! items back. Tests inside a file (`#[cfg(test)] mod tests`) are left out:
//! they sit above the code they test.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type ModPath = Vec<String>;

/// Every module that is a file: its path from the crate root, and the file.
fn module_files(src: &Path) -> BTreeMap<ModPath, PathBuf> {
    let mut out = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(src).unwrap();
            let mut segs: ModPath = rel
                .iter()
                .map(|s| s.to_string_lossy().into_owned())
                .collect();
            let last = segs.pop().unwrap();
            let stem = last.trim_end_matches(".rs");
            if segs.is_empty() && (stem == "lib" || stem == "main") {
                // The crate root; `main.rs` reaches the library by its name.
                if stem == "lib" {
                    out.insert(Vec::new(), path.clone());
                }
                continue;
            }
            if segs.first().is_some_and(|s| s == "bin") {
                continue;
            }
            if stem != "mod" {
                segs.push(stem.to_string());
            }
            out.insert(segs, path.clone());
        }
    }
    out
}

/// The text with comments, string and char literals blanked, and the
/// bodies of `#[cfg(test)]` items removed.
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                    depth += 1;
                    i += 2;
                } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
            continue;
        }
        if c == b'r' && (b.get(i + 1) == Some(&b'"') || b.get(i + 1) == Some(&b'#')) {
            // Raw string: r"..." or r#"..."#.
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&b'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) == Some(&b'"') && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) {
                j += 1;
                loop {
                    if j >= b.len() {
                        break;
                    }
                    if b[j] == b'"' && (0..hashes).all(|h| b.get(j + 1 + h) == Some(&b'#')) {
                        j += 1 + hashes;
                        break;
                    }
                    j += 1;
                }
                out.push_str("\"\"");
                i = j;
                continue;
            }
        }
        if c == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
            continue;
        }
        if c == b'\'' {
            // A char literal ('x', '\n', '"'); a lifetime has no closing quote.
            if b.get(i + 1) == Some(&b'\\') {
                let mut j = i + 2;
                while j < b.len() && b[j] != b'\'' {
                    j += 1;
                }
                i = j + 1;
                out.push_str("' '");
                continue;
            }
            let ch_len = text[i + 1..].chars().next().map_or(0, char::len_utf8);
            if b.get(i + 1 + ch_len) == Some(&b'\'') {
                i += 2 + ch_len;
                out.push_str("' '");
                continue;
            }
        }
        let ch = text[i..].chars().next().unwrap();
        out.push(ch);
        i += ch.len_utf8();
    }
    strip_test_items(&out)
}

/// Drops each item marked `#[cfg(test)]` (up to its closing brace or `;`).
fn strip_test_items(code: &str) -> String {
    let mut out = String::new();
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let b = after.as_bytes();
        let mut i = 0;
        let mut depth = 0;
        let mut end = after.len();
        while i < b.len() {
            match b[i] {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                b';' if depth == 0 => {
                    end = i + 1;
                    break;
                }
                _ => {}
            }
            i += 1;
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The paths one `use` tree names, each as its segments (`a::{b, c::d}`
/// gives `a::b` and `a::c::d`; `self` inside braces names the prefix).
fn expand_use(tree: &str) -> Vec<ModPath> {
    fn parse(s: &[char], i: &mut usize, prefix: &ModPath, out: &mut Vec<ModPath>) {
        let mut cur = prefix.clone();
        loop {
            while *i < s.len() && s[*i].is_whitespace() {
                *i += 1;
            }
            if *i >= s.len() {
                break;
            }
            match s[*i] {
                '{' => {
                    *i += 1;
                    loop {
                        parse(s, i, &cur, out);
                        while *i < s.len() && s[*i].is_whitespace() {
                            *i += 1;
                        }
                        if *i < s.len() && s[*i] == ',' {
                            *i += 1;
                            continue;
                        }
                        if *i < s.len() && s[*i] == '}' {
                            *i += 1;
                        }
                        break;
                    }
                    return;
                }
                '}' | ',' => break,
                ':' => *i += 1,
                '*' => {
                    *i += 1;
                }
                _ => {
                    let start = *i;
                    while *i < s.len() && is_ident(s[*i]) {
                        *i += 1;
                    }
                    if start == *i {
                        *i += 1;
                        continue;
                    }
                    let word: String = s[start..*i].iter().collect();
                    if word == "as" {
                        // Skip the alias.
                        while *i < s.len() && s[*i].is_whitespace() {
                            *i += 1;
                        }
                        while *i < s.len() && is_ident(s[*i]) {
                            *i += 1;
                        }
                        continue;
                    }
                    if word == "self" && !cur.is_empty() && cur.len() == prefix.len() {
                        continue;
                    }
                    cur.push(word);
                }
            }
        }
        out.push(cur);
    }
    let chars: Vec<char> = tree.chars().collect();
    let mut out = Vec::new();
    parse(&chars, &mut 0, &Vec::new(), &mut out);
    out
}

/// Every path in `code` that starts at `crate`, `super` or `self`, or at a
/// `use`: as written, segments only.
fn paths_in(code: &str) -> Vec<ModPath> {
    located_paths(code).into_iter().map(|(_, p)| p).collect()
}

/// [`paths_in`], each with the byte offset it was written at.
fn located_paths(code: &str) -> Vec<(usize, ModPath)> {
    let mut out = Vec::new();
    // `use` trees, which may span lines and braces.
    let mut from = 0;
    while let Some(found) = code[from..].find("use ") {
        let at = from + found;
        let before_ok = at == 0 || !is_ident(code[..at].chars().last().unwrap_or(' '));
        let after = &code[at + 4..];
        if before_ok && let Some(end) = after.find(';') {
            let tree = &after[..end];
            if tree
                .chars()
                .all(|c| is_ident(c) || ":{}, *\n\t\r".contains(c))
            {
                out.extend(expand_use(tree).into_iter().map(|p| (at, p)));
            }
        }
        from = at + 4;
    }
    // Paths written inline.
    let chars: Vec<(usize, char)> = code.char_indices().collect();
    let offset = |i: usize| chars.get(i).map_or(code.len(), |c| c.0);
    let chars: Vec<char> = chars.iter().map(|c| c.1).collect();
    let mut i = 0;
    while i < chars.len() {
        if is_ident(chars[i]) && (i == 0 || !(is_ident(chars[i - 1]) || chars[i - 1] == ':')) {
            let mut segs = Vec::new();
            let mut j = i;
            loop {
                let start = j;
                while j < chars.len() && is_ident(chars[j]) {
                    j += 1;
                }
                segs.push(chars[start..j].iter().collect::<String>());
                if j + 2 < chars.len()
                    && chars[j] == ':'
                    && chars[j + 1] == ':'
                    && is_ident(chars[j + 2])
                {
                    j += 2;
                } else {
                    break;
                }
            }
            if segs.len() > 1 && matches!(segs[0].as_str(), "crate" | "super" | "self") {
                out.push((offset(i), segs));
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

/// The file a path written in module `here` refers to, if it is in `src/`.
fn resolve(
    here: &ModPath,
    path: &ModPath,
    files: &BTreeMap<ModPath, PathBuf>,
    crate_name: &str,
) -> Option<ModPath> {
    let mut abs: ModPath = here.clone();
    let mut segs = path.iter().peekable();
    match segs.peek().map(|s| s.as_str()) {
        Some("crate") => {
            abs.clear();
            segs.next();
        }
        Some(n) if n == crate_name => {
            abs.clear();
            segs.next();
        }
        Some("super") => {
            while segs.peek().is_some_and(|s| *s == "super") {
                abs.pop();
                segs.next();
            }
        }
        Some("self") => {
            segs.next();
        }
        Some(first) => {
            // A child module named without `self::` (2018 paths); anything
            // else is another crate.
            let mut child = here.clone();
            child.push(first.to_string());
            if !files.contains_key(&child) {
                return None;
            }
        }
        None => return None,
    }
    abs.extend(segs.cloned());
    (0..=abs.len())
        .rev()
        .map(|n| abs[..n].to_vec())
        .find(|p| files.contains_key(p))
}

/// The inline modules (`mod x { … }`) of a file: name and byte range.
fn inline_modules(code: &str) -> Vec<(String, usize, usize)> {
    let b = code.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = code[from..].find("mod ") {
        let at = from + found;
        from = at + 4;
        if at > 0 && is_ident(code[..at].chars().last().unwrap_or(' ')) {
            continue;
        }
        let rest = &code[at + 4..];
        let name: String = rest.chars().take_while(|c| is_ident(*c)).collect();
        let after = rest[name.len()..].trim_start();
        if name.is_empty() || !after.starts_with('{') {
            continue;
        }
        let open = code.len() - after.len();
        let mut depth = 0;
        let mut close = code.len();
        for (k, &c) in b.iter().enumerate().skip(open) {
            match c {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        close = k;
                        break;
                    }
                }
                _ => {}
            }
        }
        out.push((name, open, close));
    }
    out
}

fn name(p: &ModPath, files: &BTreeMap<ModPath, PathBuf>, src: &Path) -> String {
    files[p].strip_prefix(src).unwrap().display().to_string()
}

/// Every circle, each named once by its files in import order.
fn circles(graph: &BTreeMap<ModPath, BTreeSet<ModPath>>) -> Vec<Vec<ModPath>> {
    // Tarjan's strongly connected components; each component of more than
    // one file holds at least one circle, shown by a shortest cycle in it.
    struct St<'a> {
        g: &'a BTreeMap<ModPath, BTreeSet<ModPath>>,
        index: BTreeMap<&'a ModPath, usize>,
        low: BTreeMap<&'a ModPath, usize>,
        on: BTreeSet<&'a ModPath>,
        stack: Vec<&'a ModPath>,
        next: usize,
        comps: Vec<Vec<&'a ModPath>>,
    }
    fn visit<'a>(st: &mut St<'a>, v: &'a ModPath) {
        st.index.insert(v, st.next);
        st.low.insert(v, st.next);
        st.next += 1;
        st.stack.push(v);
        st.on.insert(v);
        for w in st.g.get(v).into_iter().flatten() {
            let w: &'a ModPath = st.g.get_key_value(w).map(|(k, _)| k).unwrap_or(w);
            if !st.index.contains_key(w) {
                if !st.g.contains_key(w) {
                    continue;
                }
                visit(st, w);
                let lw = st.low[w];
                let lv = st.low[v];
                st.low.insert(v, lv.min(lw));
            } else if st.on.contains(w) {
                let iw = st.index[w];
                let lv = st.low[v];
                st.low.insert(v, lv.min(iw));
            }
        }
        if st.low[v] == st.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = st.stack.pop() {
                st.on.remove(w);
                comp.push(w);
                if w == v {
                    break;
                }
            }
            st.comps.push(comp);
        }
    }
    let mut st = St {
        g: graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        on: BTreeSet::new(),
        stack: Vec::new(),
        next: 0,
        comps: Vec::new(),
    };
    for v in graph.keys() {
        if !st.index.contains_key(v) {
            visit(&mut st, v);
        }
    }
    let mut out = Vec::new();
    for comp in st.comps.into_iter().filter(|c| c.len() > 1) {
        let members: BTreeSet<&ModPath> = comp.iter().copied().collect();
        let mut all: Vec<ModPath> = members.iter().map(|p| (*p).clone()).collect();
        all.sort();
        // A shortest cycle through the first member, found breadth first.
        let start = all[0].clone();
        let mut prev: BTreeMap<ModPath, ModPath> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([start.clone()]);
        let mut cycle = None;
        'bfs: while let Some(v) = queue.pop_front() {
            for w in graph.get(&v).into_iter().flatten() {
                if !members.contains(w) {
                    continue;
                }
                if *w == start {
                    let mut c = vec![v.clone()];
                    let mut at = v.clone();
                    while let Some(p) = prev.get(&at) {
                        c.push(p.clone());
                        at = p.clone();
                    }
                    c.reverse();
                    cycle = Some(c);
                    break 'bfs;
                }
                if !prev.contains_key(w) && *w != start {
                    prev.insert(w.clone(), v.clone());
                    queue.push_back(w.clone());
                }
            }
        }
        let mut c = cycle.unwrap_or(all.clone());
        if c.len() < all.len() {
            // Name the whole tangle too, so one fix does not hide the rest.
            c.push(Vec::from(["…".to_string()]));
            let rest: Vec<ModPath> = all.into_iter().filter(|p| !c.contains(p)).collect();
            c.extend(rest);
        }
        out.push(c);
    }
    out
}

fn import_graph(
    src: &Path,
) -> (
    BTreeMap<ModPath, PathBuf>,
    BTreeMap<ModPath, BTreeSet<ModPath>>,
) {
    let files = module_files(src);
    let mut graph = BTreeMap::new();
    for (module, file) in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let code = code_only(&text);
        let inline = inline_modules(&code);
        let mut edges = BTreeSet::new();
        for (at, p) in located_paths(&code) {
            let mut here = module.clone();
            here.extend(
                inline
                    .iter()
                    .filter(|(_, open, close)| *open < at && at < *close)
                    .map(|(n, _, _)| n.clone()),
            );
            let Some(to) = resolve(&here, &p, &files, "kickdesk") else {
                continue;
            };
            // A module's own front file (its `mod.rs`, up to the crate
            // root) is what its parts are declared in, not an import.
            if to.len() < module.len() && module.starts_with(&to) {
                continue;
            }
            if &to != module {
                edges.insert(to);
            }
        }
        graph.insert(module.clone(), edges);
    }
    (files, graph)
}

#[test]
fn no_file_imports_a_file_that_imports_it_back() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let (files, graph) = import_graph(&src);
    assert!(files.len() > 50, "the check found the source files");
    let found = circles(&graph);
    let text: Vec<String> = found
        .iter()
        .map(|c| {
            let mut names: Vec<String> = c
                .iter()
                .map(|p| {
                    if p.first().is_some_and(|s| s == "…") {
                        "(with)".to_string()
                    } else {
                        name(p, &files, &src)
                    }
                })
                .collect();
            if let Some(first) = names.first().cloned() {
                let cut = names
                    .iter()
                    .position(|n| n == "(with)")
                    .unwrap_or(names.len());
                names.insert(cut, first);
            }
            names.join(" -> ")
        })
        .collect();
    assert!(
        text.is_empty(),
        "import circles between files of src/:\n  {}",
        text.join("\n  ")
    );
}

#[test]
fn the_check_sees_a_circle_and_reads_use_trees() {
    // Guards the reader itself: a grouped, multi-line `use` and an inline
    // `super::` path are both edges, and an edge back makes a circle.
    let tree = "super::{a, b::{self, C},\n d::E as F}";
    let got = expand_use(tree);
    assert_eq!(
        got,
        vec![
            vec!["super".to_string(), "a".into()],
            vec!["super".to_string(), "b".into()],
            vec!["super".to_string(), "b".into(), "C".into()],
            vec!["super".to_string(), "d".into(), "E".into()],
        ]
    );
    let code =
        code_only("fn f() { super::x::go(); } // crate::y::no\nconst S: &str = \"crate::z\";");
    assert_eq!(
        paths_in(&code),
        vec![vec!["super".to_string(), "x".into(), "go".into()]]
    );
    let a: ModPath = vec!["a".into()];
    let b: ModPath = vec!["b".into()];
    let c: ModPath = vec!["c".into()];
    let graph = BTreeMap::from([
        (a.clone(), BTreeSet::from([b.clone()])),
        (b.clone(), BTreeSet::from([c.clone()])),
        (c.clone(), BTreeSet::from([a.clone()])),
    ]);
    assert_eq!(circles(&graph), vec![vec![a, b, c]]);
}
