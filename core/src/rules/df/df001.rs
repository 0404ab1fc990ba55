use alloc::borrow::ToOwned;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::{article, list_names, show, zh_end, zh_mid, Place};
use crate::index::{Ctx, Entity};
use crate::model::{ptr_join, NodeKind, Ref, Source, WhitelistEntry};
use crate::ordmap::OrdMap;
use crate::rule::Sink;
use crate::text;
use crate::text::Text;

crate::declare_rule! {
    /// ## What it checks
    /// Every reference in the design names a defined id of the right type: an ECS's `zone`
    /// (a zone) and `vswitch` (a vSwitch), a NAT's `vswitch`, the `region` of nodes and VPCs,
    /// the `zones` of SLBs and RDS (zones), a vSwitch's `zone` (a zone of its VPC's region),
    /// `security_groups`, the `backends` of SLBs and API gateways (nodes), node entries of an
    /// RDS `whitelist`, `replica_of` (an RDS), `replicates_to` (an OSS bucket), `connects` (an
    /// IDC), `attached_to` (an ECS, SLB or NAT), a link's `from` and `to` (`internet` is
    /// allowed only as `from`), an ignore's `target`, and a security-group rule's `from` when it
    /// is `sg:<group>` or a node id. An id that exists but names the wrong kind of thing (a
    /// `zone` naming a region) is reported too, and the nearest defined id of the right type is
    /// suggested.
    ///
    /// ## Why
    /// A reference to nothing silently drops what the design meant: an instance without a
    /// zone, a security-group rule that admits nobody, a load balancer without its backend.
    /// Every other rule would then reason about a different architecture than the one drawn.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" },
    ///              { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-x" } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" },
    ///              { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-c" } ] }
    /// ```
    ///
    /// ## Source
    /// This is a rule of the design format (design-format.md, "Node", "SecurityGroup",
    /// "Link"), not a fact of the guide; but the guide's facts depend on it. Its recommended
    /// security-group layout ("Recommended security-group architecture") lets each group admit
    /// the previous one by name — G2 admits port 22 from G1, G3 from G2 — so a misspelt group
    /// name admits nobody and cuts the management path; and when buying an ECS one chooses its
    /// region and zone ("Opening an ECS"), which the design expresses by naming them.
    pub struct UnknownReference {
        code: "DF001",
        name: "unknown-reference",
        severity: Error,
        summary: (
            "A reference names an id that is not defined (or not of the right type)",
            "引用的 id 未定义（或类型不对）"
        ),
        zh: "## 检查内容\n\
设计中的每个引用都必须指向已定义且类型正确的 id：ECS 的 `zone`（可用区）和 `vswitch`（交换机）、NAT 的 `vswitch`、节点和 VPC 的 `region`、SLB 和 RDS 的 `zones`（可用区）、交换机的 `zone`（须属于其 VPC 所在地域）、`security_groups`、SLB 和 API 网关的 `backends`（节点）、RDS `whitelist` 中的节点项、`replica_of`（RDS）、`replicates_to`（OSS Bucket）、`connects`（IDC）、`attached_to`（ECS、SLB 或 NAT）、连线的 `from` 和 `to`（`internet` 只能作为 `from`）、ignore 的 `target`，以及安全组规则中写成 `sg:<安全组>` 或节点 id 的 `from`。id 存在但类型不对（例如 `zone` 写成了地域）同样报告，并给出最接近的正确类型的 id。\n\
\n\
## 原因\n\
指向不存在对象的引用会悄悄丢掉设计的本意：实例没有可用区、安全组规则谁也放行不了、负载均衡丢了后端。其他规则随之分析的将是与图中不同的架构。\n\
\n\
## 依据\n\
这是设计格式（design-format.md 的“Node”“SecurityGroup”“Link”各节）的规定，而不是指南中的事实；但指南的事实依赖于它。指南“安全组推荐架构”中每个安全组按名称放行上一级安全组（G2 放行来自 G1 的 22 端口，G3 放行来自 G2 的），安全组名称写错就谁也放行不了，运维路径随之中断；“开通ECS”一节中购买 ECS 时要选择地域和可用区，设计中正是通过引用它们的 id 来表达。",
        check: check,
        fix: fix,
        fix_note: (
            "safe: replaces a misspelt reference by the one defined id of the right type nearest to it (or a region named by one of its zones by that region)",
            "安全：把拼错的引用改为类型正确、且唯一最接近的已定义 id（把写成可用区的地域引用改为该可用区所在的地域）"
        ),
        facts: none,
    }
}

/// What a reference must name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    Region,
    Zone,
    VSwitch,
    Group,
    /// A node of one of these kinds (any kind when empty).
    Node(&'static [NodeKind]),
    /// Any defined id (an ignore's target).
    Any,
}

const ANY_NODE: Want = Want::Node(&[]);
const RDS: Want = Want::Node(&[NodeKind::Rds]);
const OSS: Want = Want::Node(&[NodeKind::Oss]);
const IDC: Want = Want::Node(&[NodeKind::Idc]);
const EIP_TARGET: Want = Want::Node(&[NodeKind::Ecs, NodeKind::Slb, NodeKind::Nat]);

impl Want {
    /// A key for caches.
    fn key(self) -> u8 {
        match self {
            Want::Region => 0,
            Want::Zone => 1,
            Want::VSwitch => 2,
            Want::Group => 3,
            Want::Any => 4,
            Want::Node(ks) => match ks.first() {
                None => 5,
                Some(NodeKind::Rds) => 6,
                Some(NodeKind::Oss) => 7,
                Some(NodeKind::Idc) => 8,
                Some(_) => 9,
            },
        }
    }
    fn accepts(self, cx: &Ctx<'_>, e: Entity) -> bool {
        match (self, e) {
            (Want::Any, _) => true,
            (Want::Region, Entity::Region(_))
            | (Want::Zone, Entity::Zone(..))
            | (Want::VSwitch, Entity::VSwitch(..))
            | (Want::Group, Entity::Group(_)) => true,
            (Want::Node(ks), Entity::Node(i)) => {
                ks.is_empty()
                    || cx
                        .design
                        .nodes
                        .get(i)
                        .and_then(|n| n.kind)
                        .is_none_or(|k| ks.contains(&k))
            }
            _ => false,
        }
    }
    /// The type's name without and with an article (English), and in Chinese.
    fn names(self) -> (String, String, String) {
        let simple = |en: &str, a: &str, zh: &str| (en.to_owned(), a.to_owned(), zh.to_owned());
        match self {
            Want::Region => simple("region", "a region", "地域"),
            Want::Zone => simple("zone", "a zone", "可用区"),
            Want::VSwitch => simple("vSwitch", "a vSwitch", "交换机"),
            Want::Group => simple("security group", "a security group", "安全组"),
            Want::Any => simple("id", "a defined id", "id"),
            Want::Node(ks) => match ks {
                [] => simple("node", "a node", "节点"),
                [k, ..] => {
                    let (en, zh) = kinds_list(ks);
                    (
                        format!("{en} node"),
                        format!("{} {en} node", article(*k)),
                        format!("{zh} 节点"),
                    )
                }
            },
        }
    }
}

/// `ecs, slb or nat` / `ecs、slb 或 nat`.
fn kinds_list(ks: &[NodeKind]) -> (String, String) {
    let mut en = String::new();
    let mut zh = String::new();
    for (i, k) in ks.iter().enumerate() {
        if i > 0 {
            let last = i + 1 == ks.len();
            en.push_str(if last { " or " } else { ", " });
            zh.push_str(if last { " 或 " } else { "、" });
        }
        en.push_str(k.name());
        zh.push_str(k.name());
    }
    (en, zh)
}

/// What an entity is, with an article (English) and in Chinese.
fn entity_names(cx: &Ctx<'_>, e: Entity) -> (String, String) {
    match e {
        Entity::Region(_) => ("a region".into(), "地域".into()),
        Entity::Zone(..) => ("a zone".into(), "可用区".into()),
        Entity::Vpc(_) => ("a VPC".into(), "VPC".into()),
        Entity::VSwitch(..) => ("a vSwitch".into(), "交换机".into()),
        Entity::Group(_) => ("a security group".into(), "安全组".into()),
        Entity::Node(i) => match cx.design.nodes.get(i).and_then(|n| n.kind) {
            Some(k) => (
                format!("{} {} node", article(k), k.name()),
                format!("{} 节点", k.name()),
            ),
            None => ("a node".into(), "节点".into()),
        },
    }
}

/// Most candidate ids examined for suggestions in one design (keeps huge designs fast).
const SUGGEST_BUDGET: usize = 20_000;

/// An id asked about, and the suggestion found for it.
type Memo<'a> = (String, Option<&'a str>);

struct Checker<'c, 'a> {
    cx: &'c Ctx<'a>,
    out: &'c mut Sink,
    candidates: OrdMap<u8, Vec<&'a str>>,
    /// (want key, hash of the id) → (id, suggestion) for the ids with that hash.
    memo: OrdMap<(usize, usize), Vec<Memo<'a>>>,
    budget: usize,
}

/// Where a reference sits, for the wording of its help.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Site {
    Plain,
    /// A security-group rule's `from`.
    SgFrom,
}

impl<'a> Checker<'_, 'a> {
    /// The nearest defined id of the wanted type, if one is close.
    fn suggestion(&mut self, want: Want, id: &str) -> Option<&'a str> {
        let len = crate::text::count_chars(id.as_bytes()) as usize;
        if id.is_empty() || len > 64 || self.budget == 0 {
            return None;
        }
        let key = (usize::from(want.key()), {
            let mut h = crate::index::FxHasher::default();
            core::hash::Hasher::write(&mut h, id.as_bytes());
            core::hash::Hasher::finish(&h) as usize
        });
        if let Some(&(_, s)) = self
            .memo
            .get(key)
            .and_then(|b| b.iter().find(|(k, _)| k == id))
        {
            return s;
        }
        let cx = self.cx;
        let cands = self.candidates.or_insert_with(want.key(), || {
            let mut ids = Vec::new();
            for (&k, &e) in cx.ids.iter() {
                if want.accepts(cx, e) {
                    ids.push(k);
                }
            }
            ids
        });
        let limit = (len / 3).max(1) + usize::from(id.len() > 6);
        let take = cands.len().min(self.budget);
        self.budget -= take;
        // `suggest` lower-cases the word but not the candidates: give it lower-case ids.
        let mut near: Vec<(String, &'a str)> = Vec::new();
        for &c in &cands[..take] {
            if (crate::text::count_chars(c.as_bytes()) as usize).abs_diff(len) <= limit && c != id {
                near.push((c.to_ascii_lowercase(), c));
            }
        }
        let s = crate::text::suggest(id, near.iter().map(|(l, _)| l.as_str()))
            .and_then(|l| near.iter().find(|(m, _)| m == l).map(|(_, c)| *c));
        self.memo.or_default(key).push((id.to_owned(), s));
        s
    }

    fn check(&mut self, place: &Place<'_>, target: Option<&str>, r: &Ref, want: Want, site: Site) {
        let cx = self.cx;
        let found = cx.ids.get(r.id.as_str()).copied();
        if found.is_some_and(|e| want.accepts(cx, e)) {
            return;
        }
        let target = target.filter(|t| !t.is_empty());
        let (who_en, who_zh) = place.describe();
        let who_zh = zh_end(&who_zh);
        if r.id.is_empty() {
            // Only whitelist entries reach here: the loader reports other empty ids (DF005).
            self.out.report(
                target,
                r.ptr.as_str(),
                text!(
                    "{who_en} has an empty entry where a node id is expected",
                    "{who_zh}在应填写节点 id 的位置写了空字符串"
                ),
                text!(
                    "write the id of a node or an address, or remove the entry",
                    "请写节点 id 或地址，或删除该项"
                ),
            );
            return;
        }
        let id = show(&r.id);
        let (want_en, want_a, want_zh) = want.names();
        let want_zh = zh_mid(&want_zh);
        match found {
            None => {
                let help = match self.suggestion(want, &r.id) {
                    Some(s) => {
                        let s = show(s);
                        text!("did you mean `{s}`?", "是否应为 `{s}`？")
                    }
                    None if r.id == "internet" && site == Site::SgFrom => text!(
                        "to admit the internet, write \"from\": \"0.0.0.0/0\"",
                        "要放行互联网来源，请写 \"from\": \"0.0.0.0/0\""
                    ),
                    None if want == Want::Any => text!(
                        "name an id defined in the design, or remove \"target\" to accept the finding for the whole design",
                        "请写设计中已定义的 id，或删除 \"target\" 以对整个设计忽略该规则"
                    ),
                    None => text!(
                        "define {want_a} `{id}`, or correct the reference",
                        "请先定义{want_zh} `{id}`，或改正这个引用"
                    ),
                };
                self.out.report(
                    target,
                    r.ptr.as_str(),
                    text!(
                        "{who_en} refers to {want_en} `{id}`, which is not defined",
                        "{who_zh}引用的{want_zh} `{id}` 未定义"
                    ),
                    help,
                );
            }
            Some(e) => {
                let (is_a, is_zh) = entity_names(cx, e);
                let is_zh = zh_mid(&is_zh);
                let help = self.wrong_kind_help(want, e, &r.id, site);
                self.out.report(
                    target,
                    r.ptr.as_str(),
                    text!(
                        "{who_en} refers to `{id}`, which names {is_a}, not {want_a}",
                        "{who_zh}引用的 `{id}` 是{is_zh}，而不是{want_zh}"
                    ),
                    help,
                );
            }
        }
    }

    fn wrong_kind_help(&mut self, want: Want, e: Entity, raw: &str, site: Site) -> Text {
        let d = self.cx.design;
        let id = show(raw);
        match (want, e) {
            (Want::Zone, Entity::Region(ri)) => {
                let zones = d.regions.get(ri).map(|r| &r.zones[..]).unwrap_or(&[]);
                let mut names: Vec<&str> = Vec::new();
                for z in zones {
                    if names.len() == 6 {
                        break;
                    }
                    if !z.id.is_empty() {
                        names.push(z.id.as_str());
                    }
                }
                if names.is_empty() {
                    return text!(
                        "define the zones of region `{id}` and name one of them",
                        "请先在地域 `{id}` 中定义可用区，再引用其中之一"
                    );
                }
                let (en, zh) = list_names(names);
                text!(
                    "name a zone of region `{id}`: {en}",
                    "请改为地域 `{id}` 的可用区：{zh}"
                )
            }
            (Want::Region, Entity::Zone(ri, _)) => {
                let region = show(d.regions.get(ri).map_or("", |r| r.id.as_str()));
                text!(
                    "name the region of that zone, `{region}`",
                    "请改为该可用区所在的地域 `{region}`"
                )
            }
            (Want::Group, Entity::Node(_)) if site == Site::SgFrom => text!(
                "to admit that node itself, write \"from\": \"{id}\" without `sg:`",
                "要放行该节点本身，请去掉 `sg:`，写 \"from\": \"{id}\""
            ),
            (Want::Node(_), Entity::Group(_)) if site == Site::SgFrom => text!(
                "to admit the members of that group, write \"from\": \"sg:{id}\"",
                "要放行该安全组的成员，请写 \"from\": \"sg:{id}\""
            ),
            _ => match self.suggestion(want, raw) {
                Some(s) => {
                    let s = show(s);
                    text!("did you mean `{s}`?", "是否应为 `{s}`？")
                }
                None => {
                    let (_, want_a, want_zh) = want.names();
                    let want_zh = zh_mid(&want_zh);
                    text!("name {want_a} here", "这里应引用{want_zh}")
                }
            },
        }
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    let d = cx.design;
    let mut c = Checker {
        cx,
        out,
        candidates: OrdMap::new(),
        memo: OrdMap::new(),
        budget: SUGGEST_BUDGET,
    };
    let plain = Site::Plain;
    for (vi, v) in d.vpcs.iter().enumerate() {
        let place = Place::Vpc(&v.id);
        if let Some(r) = &v.region {
            c.check(&place, Some(&v.id), r, Want::Region, plain);
        }
        for s in &v.vswitches {
            let Some(z) = &s.zone else { continue };
            let place = Place::VSwitch(&s.id);
            c.check(&place, Some(&s.id), z, Want::Zone, plain);
            // The zone must be one of the VPC's region.
            let (Some(Entity::Zone(zr, _)), Some(Some(vr))) =
                (cx.ids.get(z.id.as_str()).copied(), cx.vpc_region.get(vi))
            else {
                continue;
            };
            if zr == *vr {
                continue;
            }
            let (Some(zreg), Some(vreg)) = (d.regions.get(zr), d.regions.get(*vr)) else {
                continue;
            };
            let (sw, zone, vpc) = (show(&s.id), show(&z.id), show(&v.id));
            let (zreg_id, vreg_id) = (show(&zreg.id), show(&vreg.id));
            let (en, zh) = list_names(
                vreg.zones
                    .iter()
                    .map(|z| z.id.as_str())
                    .filter(|z| !z.is_empty())
                    .take(6),
            );
            let help = if en.is_empty() {
                text!(
                    "define the zones of region `{vreg_id}` and place the vSwitch in one of them",
                    "请先定义地域 `{vreg_id}` 的可用区，再把交换机放在其中之一"
                )
            } else {
                text!(
                    "choose a zone of region `{vreg_id}`: {en}",
                    "请改为地域 `{vreg_id}` 的可用区：{zh}"
                )
            };
            c.out.report(
                Some(s.id.as_str()).filter(|s| !s.is_empty()),
                z.ptr.as_str(),
                text!(
                    "vSwitch `{sw}` is placed in zone `{zone}` of region `{zreg_id}`, but its VPC `{vpc}` is in region `{vreg_id}`",
                    "交换机 `{sw}` 位于地域 `{zreg_id}` 的可用区 `{zone}`，但其 VPC `{vpc}` 属于地域 `{vreg_id}`"
                ),
                help,
            );
        }
    }
    for g in &d.security_groups {
        let place = Place::SgRule(&g.id);
        for rule in &g.rules {
            let ptr = ptr_join(&rule.ptr, "from");
            let (id, want) = match &rule.from {
                Some(Source::Group(id)) => (id, Want::Group),
                Some(Source::Node(id)) => (id, ANY_NODE),
                _ => continue,
            };
            if id.is_empty() {
                let gid = show(&g.id);
                c.out.report(
                    Some(g.id.as_str()).filter(|s| !s.is_empty()),
                    ptr,
                    text!(
                        "a rule of security group `{gid}` has \"sg:\" without a group id",
                        "安全组 `{gid}` 的规则中 \"sg:\" 后面缺少安全组 id"
                    ),
                    text!(
                        "write \"sg:\" followed by the id of a defined security group",
                        "请在 \"sg:\" 后写已定义的安全组 id"
                    ),
                );
                continue;
            }
            let r = Ref {
                id: id.clone(),
                ptr,
            };
            c.check(&place, Some(&g.id), &r, want, Site::SgFrom);
        }
    }
    for n in &d.nodes {
        let place = Place::Node(n);
        let t = Some(n.id.as_str());
        if let Some(r) = &n.zone {
            c.check(&place, t, r, Want::Zone, plain);
        }
        if let Some(r) = &n.vswitch {
            c.check(&place, t, r, Want::VSwitch, plain);
        }
        if let Some(r) = &n.region {
            c.check(&place, t, r, Want::Region, plain);
        }
        for r in n.zones.iter().flatten() {
            c.check(&place, t, r, Want::Zone, plain);
        }
        for r in &n.security_groups {
            c.check(&place, t, r, Want::Group, plain);
        }
        for r in n.backends.iter().flatten() {
            c.check(&place, t, r, ANY_NODE, plain);
        }
        for e in n.whitelist.iter().flatten() {
            if let WhitelistEntry::Node(r) = e {
                c.check(&place, t, r, ANY_NODE, plain);
            }
        }
        if let Some(r) = &n.replica_of {
            c.check(&place, t, r, RDS, plain);
        }
        if let Some(r) = &n.replicates_to {
            c.check(&place, t, r, OSS, plain);
        }
        if let Some(r) = &n.connects {
            c.check(&place, t, r, IDC, plain);
        }
        if let Some(r) = &n.attached_to {
            c.check(&place, t, r, EIP_TARGET, plain);
        }
    }
    for l in &d.links {
        if let Some(r) = &l.from {
            if r.id != "internet" {
                c.check(&Place::Link, None, r, ANY_NODE, plain);
            }
        }
        if let Some(r) = &l.to {
            if r.id == "internet" {
                c.out.report(
                    None,
                    r.ptr.as_str(),
                    text!(
                        "a link cannot go to `internet`: `internet` may only be the \"from\" of a link",
                        "连线不能指向 `internet`：`internet` 只能作为连线的 \"from\""
                    ),
                    text!(
                        "swap \"from\" and \"to\" if the internet starts this traffic; an instance's own access to the internet is stated with \"needs_internet\": true",
                        "如果流量由互联网发起，请交换 \"from\" 与 \"to\"；实例自身访问互联网请用 \"needs_internet\": true 表示"
                    ),
                );
            } else {
                c.check(&Place::Link, None, r, ANY_NODE, plain);
            }
        }
    }
    for ig in &d.ignores {
        if let Some(r) = &ig.target {
            c.check(&Place::Ignore, None, r, Want::Any, plain);
        }
    }
}

/// A reference of the design, found by its pointer, for the fix.
struct RefAt<'a> {
    id: &'a str,
    want: Want,
    /// A security-group rule's `from` naming a group: written `sg:<id>`.
    sg: bool,
    /// The number of elements of the array the reference is an element of, if it is one.
    array_len: Option<usize>,
}

/// The reference at `ptr`: the places `check` looks at.
fn site_at<'a>(cx: &Ctx<'a>, ptr: &str) -> Option<RefAt<'a>> {
    let d = cx.design;
    let one = |r: &'a Ref, want: Want| {
        (r.ptr == ptr).then_some(RefAt {
            id: r.id.as_str(),
            want,
            sg: false,
            array_len: None,
        })
    };
    let many = |list: &'a [Ref], want: Want| {
        list.iter().find(|r| r.ptr == ptr).map(|r| RefAt {
            id: r.id.as_str(),
            want,
            sg: false,
            array_len: Some(list.len()),
        })
    };
    let t = super::tokens(ptr);
    let t: Vec<&str> = t.iter().map(String::as_str).collect();
    match t.as_slice() {
        ["vpcs", ..] => d.vpcs.iter().find_map(|v| {
            v.region
                .as_ref()
                .and_then(|r| one(r, Want::Region))
                .or_else(|| {
                    v.vswitches
                        .iter()
                        .find_map(|s| s.zone.as_ref().and_then(|z| one(z, Want::Zone)))
                })
        }),
        ["security_groups", ..] => d.security_groups.iter().find_map(|g| {
            g.rules.iter().find_map(|rule| {
                if ptr_join(&rule.ptr, "from") != ptr {
                    return None;
                }
                let (id, want, sg) = match &rule.from {
                    Some(Source::Group(id)) => (id, Want::Group, true),
                    Some(Source::Node(id)) => (id, ANY_NODE, false),
                    _ => return None,
                };
                Some(RefAt {
                    id: id.as_str(),
                    want,
                    sg,
                    array_len: None,
                })
            })
        }),
        ["nodes", ..] => d.nodes.iter().find_map(|n| {
            let singles = [
                (&n.zone, Want::Zone),
                (&n.vswitch, Want::VSwitch),
                (&n.region, Want::Region),
                (&n.replica_of, RDS),
                (&n.replicates_to, OSS),
                (&n.connects, IDC),
                (&n.attached_to, EIP_TARGET),
            ];
            singles
                .into_iter()
                .find_map(|(r, want)| r.as_ref().and_then(|r| one(r, want)))
                .or_else(|| n.zones.as_deref().and_then(|l| many(l, Want::Zone)))
                .or_else(|| many(&n.security_groups, Want::Group))
                .or_else(|| n.backends.as_deref().and_then(|l| many(l, ANY_NODE)))
                .or_else(|| {
                    let list = n.whitelist.as_deref()?;
                    list.iter().find_map(|e| match e {
                        WhitelistEntry::Node(r) if r.ptr == ptr => Some(RefAt {
                            id: r.id.as_str(),
                            want: ANY_NODE,
                            sg: false,
                            array_len: Some(list.len()),
                        }),
                        _ => None,
                    })
                })
        }),
        ["links", ..] => d.links.iter().find_map(|l| {
            l.from
                .as_ref()
                .and_then(|r| one(r, ANY_NODE))
                .or_else(|| l.to.as_ref().and_then(|r| one(r, ANY_NODE)))
        }),
        ["ignore", ..] => d
            .ignores
            .iter()
            .find_map(|ig| ig.target.as_ref().and_then(|r| one(r, Want::Any))),
        _ => None,
    }
}

fn fix(cx: &Ctx<'_>, f: &crate::rule::Finding) -> Option<crate::fix::Fix> {
    use crate::fix::{Edit, Fix, Json};
    use crate::rules::helpers::fix_parts::{array_has_problems, replace_element, sole_suggestion};
    let site = site_at(cx, &f.pointer)?;
    let found = cx.ids.get(site.id).copied();
    let to: &str = match (site.want, found) {
        // A region named by one of its zones: that region.
        (Want::Region, Some(Entity::Zone(r, _))) => cx.design.regions.get(r)?.id.as_str(),
        _ => {
            // Only what the help proposed ("did you mean"), and only when no other defined id
            // of the right type is as near.
            f.help.en.strip_prefix("did you mean `")?;
            let len = crate::text::count_chars(site.id.as_bytes()) as usize;
            let limit = (len / 3).max(1) + usize::from(site.id.len() > 6);
            let mut cands: Vec<&str> = Vec::new();
            for (&k, &e) in cx.ids.iter() {
                let near = (crate::text::count_chars(k.as_bytes()) as usize).abs_diff(len);
                if site.want.accepts(cx, e) && near <= limit && k != site.id {
                    cands.push(k);
                }
            }
            let s = sole_suggestion(site.id, &cands)?;
            if f.help.en != format!("did you mean `{}`?", show(s)) {
                return None;
            }
            s
        }
    };
    let value = if site.sg {
        format!("sg:{to}")
    } else {
        String::from(to)
    };
    let edits = match site.array_len {
        None => alloc::vec![Edit::Set {
            at: f.pointer.clone(),
            value: Json::str(&value),
        }],
        Some(len) => {
            let array = super::parent(&f.pointer);
            let index: usize = f.pointer.rsplit('/').next()?.parse().ok()?;
            if array_has_problems(cx, array) {
                return None;
            }
            replace_element(array, index, len, Json::str(&value))
        }
    };
    let (from, to) = (show(site.id), show(to));
    Some(Fix::safe(
        text!(
            "refer to `{to}` instead of `{from}`",
            "把引用 `{from}` 改为 `{to}`"
        ),
        edits,
    ))
}
