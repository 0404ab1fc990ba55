use crate::index::{Ctx, Endpoint};
use crate::model::{NodeKind, WhitelistEntry};
use crate::rule::Sink;
use crate::text;

use crate::rules::helpers::region_name;

crate::declare_rule! {
    /// ## What it checks
    /// A dependency that crosses regions where the platform only works inside one:
    /// - an SLB backend placed in another region than the SLB;
    /// - a node named in an RDS whitelist that is in another region than the RDS;
    /// - a link to an RDS from a node in another region.
    ///
    /// Nodes whose region is unknown (an `idc`, a node without placement) are not reported.
    ///
    /// ## Why
    /// An SLB can only forward to ECS of its own region, and an ECS can only connect to an RDS
    /// of its own region. A design that relies on either across regions cannot be built as
    /// drawn.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] },
    ///                { "id": "sh", "network": "classic",
    ///                  "zones": [ { "id": "sh-a" }, { "id": "sh-b" } ] } ],
    ///   "nodes": [ { "id": "app-1", "kind": "ecs", "module": "app", "zone": "sh-a" },
    ///              { "id": "app-2", "kind": "ecs", "module": "app", "zone": "sh-b" },
    ///              { "id": "db", "kind": "rds", "region": "hz", "whitelist": [ "app-1", "app-2" ] } ],
    ///   "links": [ { "from": "app-1", "to": "db", "port": 3306 },
    ///              { "from": "app-2", "to": "db", "port": 3306 } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] },
    ///                { "id": "sh", "network": "classic",
    ///                  "zones": [ { "id": "sh-a" }, { "id": "sh-b" } ] } ],
    ///   "nodes": [ { "id": "app-1", "kind": "ecs", "module": "app", "zone": "sh-a" },
    ///              { "id": "app-2", "kind": "ecs", "module": "app", "zone": "sh-b" },
    ///              { "id": "db", "kind": "rds", "region": "sh", "whitelist": [ "app-1", "app-2" ] } ],
    ///   "links": [ { "from": "app-1", "to": "db", "port": 3306 },
    ///              { "from": "app-2", "to": "db", "port": 3306 } ] }
    /// ```
    ///
    /// ## Source
    /// "Opening an SLB": the SLB must be in the same region as its ECS servers. "Opening an
    /// ECS" (the region row): an ECS in East China 1 can only connect to an RDS in East China 1.
    pub struct CrossRegionDependency {
        code: "ZN003",
        name: "cross-region-dependency",
        severity: Error,
        summary: (
            "An SLB backend, an RDS whitelist entry or an RDS client is in another region",
            "SLB 后端、RDS 白名单中的节点或 RDS 的访问方位于其他地域"
        ),
        zh: "## 检查内容\n\
平台只支持在同一地域内建立的依赖却跨了地域：\n\
- SLB 的后端服务器与 SLB 不在同一地域；\n\
- RDS 白名单中列出的节点与 RDS 不在同一地域；\n\
- 从其他地域的节点连向 RDS 的连线。\n\
\n\
地域未知的节点（`idc`、没有写放置位置的节点）不报告。\n\
\n\
## 原因\n\
SLB 只能转发到本地域的 ECS，ECS 也只能连接本地域的 RDS。跨地域依赖这两者的设计无法按图实现。\n\
\n\
## 依据\n\
“SLB开通”：SLB 所在地域必须与 ECS 服务器所在地域相同。“开通ECS”（地域一项）：华东1 的 ECS 只能连接华东1 的 RDS。",
        check: check,
        fix_note: (
            "none: whether to move the client, the RDS or the SLB, or to give the other region its own, is an architecture decision",
            "无：是迁移访问方、RDS 或 SLB，还是为另一个地域单独部署一套，属于架构决策"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for (i, n) in cx.design.nodes.iter().enumerate() {
        let Some(home) = cx.node_region[i] else {
            continue;
        };
        let id = &n.id;
        let region = region_name(cx, home);
        match n.kind() {
            NodeKind::Slb => {
                for b in n.backends.iter().flatten() {
                    let Some(bi) = cx.node_index(&b.id) else {
                        continue;
                    };
                    let Some(br) = cx.node_region[bi] else {
                        continue;
                    };
                    if br == home {
                        continue;
                    }
                    let backend = &b.id;
                    let other = region_name(cx, br);
                    out.report(
                        Some(id),
                        b.ptr.as_str(),
                        text!(
                            "SLB `{id}` is in region `{region}` but its backend `{backend}` is in region `{other}`: an SLB only forwards to servers of its own region",
                            "SLB `{id}` 位于地域 `{region}`，而其后端 `{backend}` 位于地域 `{other}`：SLB 只能转发到本地域的服务器"
                        ),
                        text!(
                            "serve `{backend}` from an SLB in region `{other}`, or replace it with an instance in `{region}`",
                            "改由地域 `{other}` 中的 SLB 为 `{backend}` 提供负载均衡，或换成地域 `{region}` 中的实例"
                        ),
                    );
                }
            }
            NodeKind::Rds => {
                for e in n.whitelist.iter().flatten() {
                    let WhitelistEntry::Node(r) = e else {
                        continue;
                    };
                    let Some(wi) = cx.node_index(&r.id) else {
                        continue;
                    };
                    let Some(wr) = cx.node_region[wi] else {
                        continue;
                    };
                    if wr == home {
                        continue;
                    }
                    let client = &r.id;
                    let other = region_name(cx, wr);
                    out.report(
                        Some(id),
                        r.ptr.as_str(),
                        text!(
                            "RDS `{id}` in region `{region}` whitelists `{client}`, which is in region `{other}`: an RDS only accepts clients of its own region",
                            "地域 `{region}` 中的 RDS `{id}` 把地域 `{other}` 中的 `{client}` 加入了白名单：RDS 只接受本地域的访问方"
                        ),
                        text!(
                            "give `{client}` an RDS in region `{other}`, or remove it from the whitelist of `{id}`",
                            "为 `{client}` 使用地域 `{other}` 中的 RDS，或把它从 `{id}` 的白名单中删除"
                        ),
                    );
                }
                for f in cx.flows_to(i) {
                    // Flows implied by SLB backends are reported above, as backends.
                    if f.link.is_none() {
                        continue;
                    }
                    let Endpoint::Node(s) = f.from else {
                        continue;
                    };
                    let Some(sr) = cx.node_region[s] else {
                        continue;
                    };
                    if sr == home {
                        continue;
                    }
                    let client = &cx.node(s).id;
                    let other = region_name(cx, sr);
                    out.report(
                        Some(id),
                        f.ptr,
                        text!(
                            "`{client}` in region `{other}` connects to RDS `{id}` in region `{region}`: an RDS only accepts connections from its own region",
                            "地域 `{other}` 中的 `{client}` 连接地域 `{region}` 中的 RDS `{id}`：RDS 只接受本地域的连接"
                        ),
                        text!(
                            "connect `{client}` to an RDS in region `{other}` (a read copy or a separate instance), or move the client to `{region}`",
                            "让 `{client}` 连接地域 `{other}` 中的 RDS（副本或独立实例），或把它迁到地域 `{region}`"
                        ),
                    );
                }
            }
            _ => {}
        }
    }
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::GapBuilder;
    use crate::index::Ctx;
    use crate::model::{NodeKind, WhitelistEntry};
    use crate::rules::helpers::facts as h;
    /// Node `i` and its counterpart `j` (unless `j` is outside every region by the format:
    /// nothing to compare) when their region is unknown.
    fn pair<'a>(cx: &Ctx<'a>, i: usize, j: usize, g: &mut GapBuilder<'a>) {
        h::regionless(cx, i, g);
        let outside = matches!(
            cx.node(j).kind(),
            NodeKind::Idc | NodeKind::Dns | NodeKind::Eip | NodeKind::Unknown
        );
        if !outside {
            h::regionless(cx, j, g);
        }
    }
    let mut g = GapBuilder::new(&h::NO_REGION);
    let mut any = false;
    for (i, n) in cx.design.nodes.iter().enumerate() {
        if n.external {
            continue;
        }
        match n.kind() {
            NodeKind::Slb => {
                for b in n.backends.iter().flatten() {
                    if let Some(j) = cx.node_index(&b.id) {
                        any = true;
                        pair(cx, i, j, &mut g);
                    }
                }
            }
            NodeKind::Rds => {
                for e in n.whitelist.iter().flatten() {
                    if let WhitelistEntry::Node(r) = e {
                        if let Some(j) = cx.node_index(&r.id) {
                            any = true;
                            pair(cx, i, j, &mut g);
                        }
                    }
                }
                for fl in cx.flows_to(i) {
                    if let (Some(_), crate::index::Endpoint::Node(j)) = (fl.link, fl.from) {
                        any = true;
                        pair(cx, i, j, &mut g);
                    }
                }
            }
            _ => {}
        }
    }
    f.push(g);
    if !any {
        f.not_applicable(
            "no SLB backend, RDS whitelist entry naming a node, or link to an RDS",
            "没有 SLB 后端、白名单中的节点或连向 RDS 的连线",
        );
    }
}
