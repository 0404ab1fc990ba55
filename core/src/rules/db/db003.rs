use crate::ordmap::OrdSet;
use alloc::vec::Vec;

use crate::cidr::{AddrSet, Cidr};
use crate::fix::{Edit, Fix, Json};
use crate::index::{Ctx, Endpoint};
use crate::model::{ptr_join, NodeKind, WhitelistEntry};
use crate::rule::{Finding, Sink};
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// An ECS that links to an RDS instance whose `whitelist` is given must be in that
    /// whitelist: named by its id, or covered by an address entry. An ECS in a VPC region has
    /// its address in its vSwitch's CIDR, so an address entry covers it when the two overlap;
    /// in a classic region (or without a vSwitch CIDR) its address is unknown, so any valid
    /// address entry may cover it and nothing is reported. An RDS without `whitelist` is not
    /// checked. One finding per ECS and RDS, at its first link.
    ///
    /// ## Why
    /// RDS refuses every connection from an address that is not on its whitelist. An
    /// application server missing from it cannot open its database connections.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "app-1", "kind": "ecs", "module": "app", "zone": "hz-b" },
    ///              { "id": "app-2", "kind": "ecs", "module": "app", "zone": "hz-c" },
    ///              { "id": "db", "kind": "rds", "region": "hz", "whitelist": [ "app-1" ] } ],
    ///   "links": [ { "from": "app-1", "to": "db", "port": 3306 },
    ///              { "from": "app-2", "to": "db", "port": 3306 } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "app-1", "kind": "ecs", "module": "app", "zone": "hz-b" },
    ///              { "id": "app-2", "kind": "ecs", "module": "app", "zone": "hz-c" },
    ///              { "id": "db", "kind": "rds", "region": "hz",
    ///                "whitelist": [ "app-1", "app-2" ] } ],
    ///   "links": [ { "from": "app-1", "to": "db", "port": 3306 },
    ///              { "from": "app-2", "to": "db", "port": 3306 } ] }
    /// ```
    ///
    /// ## Source
    /// Section "搭建金融云推荐架构" (building the recommended architecture), RDS part: after creating the
    /// instance, the user and the database, the last step is to put the production ECS servers on
    /// the RDS whitelist.
    pub struct ClientNotWhitelisted {
        code: "DB003",
        name: "client-not-whitelisted",
        severity: Error,
        summary: ("An ECS connects to an RDS whose whitelist leaves it out", "ECS 连接的 RDS 白名单中没有它"),
        zh: "## 检查内容\n\
ECS 连接一个写了 `whitelist` 的 RDS 实例时，必须在该白名单中：或以 id 列出，或被某个地址条目覆盖。VPC 地域中 ECS 的地址位于其虚拟交换机网段内，地址条目与该网段有交集即视为覆盖；经典网络地域中（或虚拟交换机没有网段时）ECS 的地址未知，任何有效的地址条目都可能覆盖它，因此不报告。没有 `whitelist` 的 RDS 不检查。同一对 ECS 与 RDS 只报告一次，位置是第一条连线。\n\
\n\
## 原因\n\
RDS 拒绝一切不在白名单中的地址的连接。白名单里缺少的应用服务器无法建立数据库连接。\n\
\n\
## 依据\n\
“搭建金融云推荐架构”一节的 RDS 部分：创建实例、用户和数据库之后，最后一步是把 ECS 生产服务器加入 RDS 白名单。",
        check: check,
        fix: fix,
        fix_note: (
            "unsafe: adds the ECS to the whitelist of the RDS, which opens the database to it",
            "不安全：把该 ECS 加入 RDS 的白名单，即向它开放数据库"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for (i, n) in cx.design.nodes.iter().enumerate() {
        if !n.is(NodeKind::Rds) {
            continue;
        }
        let Some(list) = &n.whitelist else { continue };
        let mut names: OrdSet<&str> = OrdSet::new();
        let mut cidrs: Vec<Cidr> = Vec::new();
        for e in list {
            match e {
                WhitelistEntry::Node(r) => {
                    names.add(r.id.as_str());
                }
                WhitelistEntry::Addr(a) => cidrs.extend(a.cidr),
            }
        }
        let blocks = AddrSet::from_cidrs(&cidrs);
        let mut seen: OrdSet<usize> = OrdSet::new();
        let id = &n.id;
        for f in cx.flows_to(i) {
            let Endpoint::Node(e) = f.from else { continue };
            if !cx.is_ecs(e) || seen.contains(e) {
                continue;
            }
            let ecs = cx.node(e);
            if names.contains(ecs.id.as_str()) {
                continue;
            }
            let covered = match cx.node_addresses(e) {
                // Unknown address: any address entry may contain it.
                None => !blocks.is_empty(),
                Some(addrs) => blocks.intersects(&addrs),
            };
            if covered {
                continue;
            }
            seen.add(e);
            let eid = &ecs.id;
            let where_en = match cx.vswitch_of(e).and_then(|s| s.cidr.as_ref()) {
                Some(c) => alloc::format!(" (its vSwitch is `{}`)", c.text),
                None => alloc::string::String::new(),
            };
            let where_zh = match cx.vswitch_of(e).and_then(|s| s.cidr.as_ref()) {
                Some(c) => alloc::format!("（其虚拟交换机网段为 `{}`）", c.text),
                None => alloc::string::String::new(),
            };
            out.report(
                Some(eid),
                f.ptr,
                text!(
                    "ECS `{eid}` connects to RDS `{id}`, but the whitelist of `{id}` neither names it nor holds an address block that covers it{where_en}: the connection will be refused",
                    "ECS `{eid}` 连接 RDS `{id}`，但 `{id}` 的白名单既没有列出它，也没有覆盖它的地址段{where_zh}：连接会被拒绝"
                ),
                text!(
                    "add \"{eid}\" to the whitelist of `{id}`",
                    "把 \"{eid}\" 加入 `{id}` 的白名单"
                ),
            );
        }
    }
}

fn fix(cx: &Ctx<'_>, f: &Finding) -> Option<Fix> {
    let eid = f.target.as_deref()?;
    let link = cx.design.links.iter().find(|l| l.ptr == f.pointer)?;
    let rds = cx.node(cx.node_index(&link.to.as_ref()?.id)?);
    let id = &rds.id;
    Some(Fix::unsafe_(
        text!(
            "add `{eid}` to the whitelist of `{id}` (it may then connect to the database)",
            "把 `{eid}` 加入 `{id}` 的白名单（它随后即可连接数据库）"
        ),
        alloc::vec![Edit::Push {
            array: ptr_join(&rds.ptr, "whitelist"),
            value: Json::str(eid),
        }],
    ))
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::GapBuilder;
    use crate::model::WhitelistEntry;
    use crate::rules::helpers::facts as h;
    let (mut lists, mut addrs) = (
        GapBuilder::new(&h::NO_WHITELIST),
        GapBuilder::new(&h::VSWITCH_NO_CIDR),
    );
    let mut any = false;
    for (e, r) in h::ecs_to_rds(cx) {
        let rds = cx.node(r);
        if rds.external {
            continue;
        }
        any = true;
        let Some(list) = &rds.whitelist else {
            lists.add(&rds.id, &rds.ptr);
            continue;
        };
        let ecs = &cx.node(e).id;
        let named = list
            .iter()
            .any(|w| matches!(w, WhitelistEntry::Node(x) if x.id == *ecs));
        let blocks = list.iter().any(|w| matches!(w, WhitelistEntry::Addr(_)));
        if !named && blocks {
            // Whether an address block admits the client depends on its vSwitch's range.
            h::addressless(cx, e, &mut addrs);
        }
    }
    f.push(lists);
    f.push(addrs);
    if !any {
        f.not_applicable("no ECS links to an RDS", "没有连接 RDS 的 ECS");
    }
}
