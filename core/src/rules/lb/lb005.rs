use alloc::format;
use alloc::string::String;

use super::{ecs_backends_with, finding_listener, listener_name, slbs};
use crate::fix::{Edit, Fix, Json};
use crate::index::Ctx;
use crate::model::ptr_join;
use crate::rule::{Finding, Sink};
use crate::rules::helpers::quoted;
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// An HTTP health check whose `path` is not under any of the `paths` prefixes a backend ECS
    /// declares. A health check is HTTP when its `protocol` is `http`, or when it has no
    /// `protocol` and the listener is `http` or `https`. Each backend that declares `paths` is
    /// judged on its own; backends without `paths`, and health checks without a `path`, are not
    /// judged. A path is under a prefix when it equals the prefix (with or without the final
    /// `/`) or continues it after a `/` or `?`: `/app/health` and `/app` are under `/app/`,
    /// `/application` is not. The prefix `/` covers every path. A health check switched off
    /// (`"enabled": false`, LB009) is not judged.
    ///
    /// ## Why
    /// The SLB decides that a backend is alive by requesting the health-check path on it. If the
    /// software serves only under `/app/` and the check asks for `/`, every backend answers
    /// with an error, the SLB takes them all out of service and users get 503 — although each
    /// ECS works when tested directly.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "zone": "hz-b", "paths": [ "/app/" ] },
    ///              { "id": "slb-web", "kind": "slb", "region": "hz",
    ///                "listeners": [ { "protocol": "http", "port": 80,
    ///                                 "health_check": { "protocol": "http", "path": "/" } } ],
    ///                "backends": [ "web-1" ] } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "zone": "hz-b", "paths": [ "/app/" ] },
    ///              { "id": "slb-web", "kind": "slb", "region": "hz",
    ///                "listeners": [ { "protocol": "http", "port": 80,
    ///                                 "health_check": { "protocol": "http", "path": "/app/" } } ],
    ///                "backends": [ "web-1" ] } ] }
    /// ```
    ///
    /// ## Source
    /// The guide's SLB configuration section (HTTP health-check settings): the key setting is the
    /// check path, which must be reachable on the backend ECS, or the SLB considers the backend
    /// unavailable and stops forwarding to it. Its FAQ on 503 errors behind an SLB gives the
    /// example of a site deployed under /app/ with nothing at the root while the check path is
    /// /; setting the check path to /app/ fixes it.
    pub struct HealthCheckPathNotServed {
        code: "LB005",
        name: "health-check-path-not-served",
        severity: Error,
        summary: (
            "An HTTP health-check path is not served by a backend",
            "HTTP 健康检查路径不在后端服务的路径中"
        ),
        zh: "## 检查内容\n\
HTTP 健康检查的 `path` 不在某台后端 ECS 声明的任何 `paths` 前缀之下。健康检查的 `protocol` 为 `http`，或者未写 `protocol` 而监听为 `http` 或 `https` 时，视为 HTTP 健康检查。声明了 `paths` 的后端逐台判断；未声明 `paths` 的后端以及没有 `path` 的健康检查不做判断。路径等于前缀（末尾有无 `/` 均可），或在前缀之后以 `/` 或 `?` 继续，就算在该前缀之下：`/app/health` 和 `/app` 在 `/app/` 之下，`/application` 则不在。前缀 `/` 覆盖所有路径。已关闭的健康检查（`\"enabled\": false`，见 LB009）不做判断。\n\
\n\
## 原因\n\
SLB 通过访问后端的健康检查路径来判断后端是否存活。如果软件只在 `/app/` 下提供服务，而健康检查访问的是 `/`，所有后端都会返回错误，SLB 会把它们全部摘除，用户看到 503——尽管直接测试每台 ECS 都正常。\n\
\n\
## 依据\n\
指南的 SLB 配置一节（HTTP 健康检查设置）：最关键的是检查路径，必须确认它在后端 ECS 上可以访问，否则 SLB 会认为后端不可用，不再向它转发请求。关于经过 SLB 后出现 503 错误的常见问题举了例子：网站部署在 /app/ 下、根路径下什么也没有，而检查路径设为 /；把检查路径也设为 /app/ 即可解决。",
        check: check,
        fix: fix,
        fix_note: (
            "safe: sets the health check's \"path\" to the first declared path that every backend serves, when there is one",
            "安全：把健康检查的 \"path\" 改为所有后端都提供服务的第一个已声明路径（存在时）"
        ),
        facts: facts,
    }
}

/// Whether `path` is under the URL prefix `prefix`.
pub(crate) fn under(path: &str, prefix: &str) -> bool {
    let p = prefix.trim_end_matches('/');
    if p.is_empty() {
        return true;
    }
    match path.strip_prefix(p) {
        Some(rest) => rest.is_empty() || rest.starts_with('/') || rest.starts_with('?'),
        None => false,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    let d = cx.design;
    for (_, slb) in slbs(cx) {
        let declaring = ecs_backends_with(cx, slb, |n| n.paths.is_some());
        if declaring.is_empty() {
            continue;
        }
        let id = &slb.id;
        for l in &slb.listeners {
            let Some(hc) = l.health_check.as_ref().filter(|h| h.enabled) else {
                continue;
            };
            let is_http = match hc.protocol.as_deref() {
                Some(p) => p == "http",
                None => matches!(l.protocol.as_deref(), Some("http" | "https")),
            };
            if !is_http {
                continue;
            }
            let Some(path) = hc.path.as_deref() else {
                continue;
            };
            let name = listener_name(l);
            for &j in &declaring {
                let Some(b) = d.nodes.get(j) else { continue };
                let Some(paths) = b.paths.as_deref() else {
                    continue;
                };
                if paths.iter().any(|p| under(path, p)) {
                    continue;
                }
                let bid = &b.id;
                let (served_en, served_zh) = if paths.is_empty() {
                    (String::from("no path"), String::from("任何路径都不"))
                } else {
                    (
                        format!("only {}", quoted(paths, ", ")),
                        format!("只在 {} 下", quoted(paths, "、")),
                    )
                };
                let help = match paths.first() {
                    Some(first) => text!(
                        "set the health check's \"path\" to a path `{bid}` serves, such as \"{first}\"; if `{bid}` does serve \"{path}\", add it to its \"paths\"",
                        "把健康检查的 \"path\" 改为 `{bid}` 提供服务的路径（例如 \"{first}\"）；如果 `{bid}` 确实提供 \"{path}\"，则把它加入 \"paths\""
                    ),
                    None => text!(
                        "list the path prefixes `{bid}` serves in its \"paths\", and point the health check at one of them",
                        "在 `{bid}` 的 \"paths\" 中列出它提供服务的路径前缀，并让健康检查指向其中之一"
                    ),
                };
                out.report(
                    Some(id),
                    ptr_join(&hc.ptr, "path"),
                    text!(
                        "the health check of listener `{name}` of SLB `{id}` requests \"{path}\", but backend `{bid}` serves {served_en}: the check fails and the SLB stops sending it traffic",
                        "SLB `{id}` 的监听 `{name}` 的健康检查访问 \"{path}\"，但后端 `{bid}` {served_zh}提供服务：健康检查会失败，SLB 将不再向它转发流量"
                    ),
                    help,
                );
            }
        }
    }
}

fn fix(cx: &Ctx<'_>, f: &Finding) -> Option<Fix> {
    let (_, slb, l) = finding_listener(cx, f)?;
    let declaring = ecs_backends_with(cx, slb, |n| n.paths.is_some());
    let serves = |j: usize, p: &str| {
        cx.node(j)
            .paths
            .as_deref()
            .is_some_and(|ps| ps.iter().any(|q| under(p, q)))
    };
    // The first declared path, in backend order, that every backend serves.
    let path = declaring
        .iter()
        .flat_map(|&j| cx.node(j).paths.iter().flatten())
        .find(|p| declaring.iter().all(|&j| serves(j, p)))?;
    let (id, name) = (&slb.id, listener_name(l));
    Some(Fix::safe(
        text!(
            "check \"{path}\" in the health check of listener `{name}` of `{id}`",
            "让 `{id}` 的监听 `{name}` 的健康检查访问 \"{path}\""
        ),
        alloc::vec![Edit::Set {
            at: f.pointer.clone(),
            value: Json::str(path),
        }],
    ))
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::{GapBuilder, Lack};
    use crate::rules::helpers::facts as h;
    static PATH: Lack = Lack::new(
        "listener {id} has an HTTP health check without a path (health_check.path)",
        "监听 {id} 的 HTTP 健康检查没有写路径（health_check.path）",
        "{n} HTTP listeners have a health check without a path (health_check.path)",
        "{n} 个 HTTP 监听的健康检查没有写路径（health_check.path）",
    );
    static PATHS: Lack = Lack::new(
        "backend {id} declares no paths, so whether it serves the health-check path is unknown",
        "后端 {id} 没有写提供的路径（paths），无法判断健康检查路径是否可访问",
        "{n} backends declare no paths, so whether they serve the health-check path is unknown",
        "{n} 台后端没有写提供的路径（paths），无法判断健康检查路径是否可访问",
    );
    use crate::model::NodeKind;
    if !h::slb_listeners(cx, f) {
        return;
    }
    h::slb_backends(cx, f);
    let (mut path, mut paths) = (GapBuilder::new(&PATH), GapBuilder::new(&PATHS));
    let mut any = false;
    for (_, s) in h::nodes(cx, NodeKind::Slb) {
        let mut http = false;
        for l in &s.listeners {
            let hc = l.health_check.as_ref();
            if hc.is_some_and(|h| !h.enabled) {
                continue;
            }
            // An http check, or one whose protocol is not known yet.
            let maybe_http = match hc.and_then(|h| h.protocol.as_deref()) {
                Some(p) => p == "http",
                None => matches!(l.protocol.as_deref(), None | Some("http" | "https")),
            };
            if !maybe_http {
                continue;
            }
            http = true;
            if hc.and_then(|h| h.path.as_ref()).is_none() {
                path.add_with(&l.ptr, &|| h::listener_name(s, l));
            }
        }
        if !http {
            continue;
        }
        any = true;
        for j in crate::rules::lb::ecs_backends(cx, s) {
            let b = cx.node(j);
            if b.paths.is_none() {
                paths.add(&b.id, &b.ptr);
            }
        }
    }
    let no_listeners = h::nodes(cx, NodeKind::Slb).any(|(_, s)| s.listeners.is_empty());
    f.push(path);
    f.push(paths);
    if !any && !no_listeners {
        f.not_applicable(
            "no SLB listener has an HTTP health check",
            "没有使用 HTTP 健康检查的 SLB 监听",
        );
    }
}
