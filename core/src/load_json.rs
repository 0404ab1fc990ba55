//! The JSON loader: builds the [design model](crate::model) from a parsed document.
//!
//! The loader never fails on content: a field of the wrong type, an unknown enumeration value,
//! an unknown field name or an address that does not parse becomes a [`Problem`] (reported by
//! the DF rules) and the field is treated as absent — unknown. Only invalid JSON, an unsupported
//! version and exceeded limits are load errors (checked by [`crate::lint::load`] before
//! [`build`] runs).

use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;

use crate::cidr::{Cidr, CidrError};
use crate::json::{Kind, Member, Value};
use crate::model::{
    all_node_fields, is_integral, ptr_index, ptr_join, Acl, Action, Addr, Auth, Design, DrLevel,
    EcsRole, Engine, HealthCheck, Ignore, Link, Listener, Network, Node, NodeKind, Os, OssNetwork,
    Peer, PortRange, Problem, ProblemKind, Profile, Protocol, RdsCategory, Redundancy, Ref, Region,
    RegionRole, Scope, SecurityGroup, SgRule, Sizing, SlbType, Source, Tier, UnresolvedNote,
    VSwitch, Vpc, VpnType, WhitelistEntry, Zone, HEALTH_CHECK_FIELDS, IGNORE_FIELDS, LINK_FIELDS,
    LISTENER_FIELDS, NODE_COMMON_FIELDS, PEER_FIELDS, REGION_FIELDS, SG_FIELDS, SG_RULE_FIELDS,
    SIZING_FIELDS, TOP_FIELDS, UNRESOLVED_FIELDS, VPC_FIELDS, VSWITCH_FIELDS, ZONE_FIELDS,
};

/// Whether a string is meant as an address rather than an id: it starts with a digit and
/// contains only digits, dots and a slash.
pub fn looks_like_address(s: &str) -> bool {
    s.as_bytes().first().is_some_and(u8::is_ascii_digit)
        && s.bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'/')
        && s.contains('.')
}

/// Whether two member names are equal. The loader compares each member's name with dozens of
/// field names per object; most differ in length or first byte, and testing those first spares
/// a call to `memcmp` each time (the editor's WASM is optimised for size and calls it out of
/// line).
#[inline(always)]
fn same_key(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.first() == b.first() && a == b
}

/// Reads one JSON object, recording problems; every accessor marks its field as known.
struct Obj<'a, 'b> {
    members: &'a [Member<'a>],
    ptr: &'b str,
    problems: &'b mut Vec<Problem>,
}

impl<'a> Obj<'a, '_> {
    fn problem(&mut self, ptr: String, kind: ProblemKind) {
        self.problems.push(Problem { ptr, kind });
    }
    fn field_ptr(&self, key: &str) -> String {
        ptr_join(self.ptr, key)
    }
    fn raw(&self, key: &str) -> Option<&'a Value<'a>> {
        self.members
            .iter()
            .rev()
            .find(|m| same_key(&m.key, key))
            .map(|m| &m.value)
    }
    /// Records DF006 for every member not in `known` and DF005 for repeated keys.
    fn check_fields(&mut self, known: &[&'static str]) {
        self.check_fields_of(known, &[], None);
    }
    /// The same, for a node: `known` and `more` are allowed; a field of another node kind is
    /// reported as such.
    fn check_fields_of(
        &mut self,
        known: &[&'static str],
        more: &[&'static str],
        kind: Option<NodeKind>,
    ) {
        for (i, m) in self.members.iter().enumerate() {
            let key: &str = &m.key;
            if self.members[..i].iter().any(|o| same_key(&o.key, key)) {
                let p = self.field_ptr(key);
                self.problem(
                    p,
                    ProblemKind::DuplicateKey {
                        field: key.to_owned(),
                    },
                );
            }
            if !known.iter().chain(more).any(|k| same_key(k, key)) {
                let other_kind =
                    kind.is_some() && NodeKind::ALL.iter().any(|k| k.fields().contains(&key));
                let suggestion = if other_kind {
                    None
                } else {
                    crate::text::suggest(key, known.iter().chain(more).copied())
                };
                let p = self.field_ptr(key);
                self.problem(
                    p,
                    ProblemKind::UnknownField {
                        field: key.to_owned(),
                        suggestion,
                        other_kind,
                    },
                );
            }
        }
    }
    fn wrong_type(&mut self, key: &str, v: &Value<'_>, expected: &'static str) {
        let p = self.field_ptr(key);
        self.problem(
            p,
            ProblemKind::WrongType {
                expected,
                found: v.type_name(),
            },
        );
    }
    fn string(&mut self, key: &str) -> Option<String> {
        let v = self.raw(key)?;
        match &v.kind {
            Kind::String(s) => Some(String::from(&**s)),
            _ => {
                self.wrong_type(key, v, "string");
                None
            }
        }
    }
    /// A non-empty id string.
    fn id(&mut self, key: &'static str) -> Option<String> {
        let v = self.raw(key)?;
        match &v.kind {
            Kind::String(s) if !s.is_empty() => Some(String::from(&**s)),
            Kind::String(_) => {
                let p = self.field_ptr(key);
                self.problem(p, ProblemKind::EmptyId);
                None
            }
            _ => {
                self.wrong_type(key, v, "string");
                None
            }
        }
    }
    /// The object's own id (required).
    fn own_id(&mut self) -> String {
        match self.raw("id") {
            None => {
                let p = self.ptr.to_owned();
                self.problem(p, ProblemKind::Missing { field: "id" });
                String::new()
            }
            Some(_) => self.id("id").unwrap_or_default(),
        }
    }
    fn reference(&mut self, key: &'static str) -> Option<Ref> {
        let id = self.id(key)?;
        Some(Ref {
            id,
            ptr: self.field_ptr(key),
        })
    }
    fn boolean(&mut self, key: &str) -> Option<bool> {
        let v = self.raw(key)?;
        match v.kind {
            Kind::Bool(b) => Some(b),
            _ => {
                self.wrong_type(key, v, "boolean");
                None
            }
        }
    }
    fn number_at(
        &mut self,
        ptr: String,
        v: &Value,
        min: f64,
        max: f64,
        integer: bool,
    ) -> Option<f64> {
        number_in(v, min, max, integer)
            .map_err(|k| self.problem(ptr, k))
            .ok()
    }
    /// [`number_in`] of member `key`, whose pointer is made only for a problem (most numbers
    /// are fine: making it anyway was 7 % of loading's allocations).
    fn number_key(
        &mut self,
        key: &str,
        v: &Value,
        min: f64,
        max: f64,
        integer: bool,
    ) -> Option<f64> {
        match number_in(v, min, max, integer) {
            Ok(x) => Some(x),
            Err(k) => {
                let p = self.field_ptr(key);
                self.problem(p, k);
                None
            }
        }
    }
    /// A non-negative number (a size or capacity: no upper bound, any finite number).
    fn amount(&mut self, key: &str) -> Option<f64> {
        let v = self.raw(key)?;
        self.number_key(key, v, 0.0, NO_UPPER_BOUND, false)
    }
    /// A non-negative integer (a count: no upper bound, any finite whole number).
    fn count(&mut self, key: &str) -> Option<f64> {
        let v = self.raw(key)?;
        self.number_key(key, v, 0.0, NO_UPPER_BOUND, true)
    }
    fn port(&mut self, key: &str) -> Option<u16> {
        let v = self.raw(key)?;
        self.number_key(key, v, 1.0, 65535.0, true)
            .map(|n| n as u16)
    }
    /// The value of `key` among `choices` (names and values in the same order); a string
    /// outside them is a DF005 problem.
    fn enumeration<T: Copy>(&mut self, key: &str, choices: Choices<T>) -> Option<T> {
        self.choice(key, choices.0)
            .and_then(|i| choices.1.get(i).copied())
    }
    /// The index in `names` of the string at `key`: one function for every enumeration (the
    /// generic part of [`Obj::enumeration`] is only the final lookup).
    #[inline(never)]
    fn choice(&mut self, key: &str, names: &'static [&'static str]) -> Option<usize> {
        let v = self.raw(key)?;
        match &v.kind {
            Kind::String(s) => {
                let i = names.iter().position(|n| *n == &**s);
                if i.is_none() {
                    let p = self.field_ptr(key);
                    self.problem(
                        p,
                        ProblemKind::NotInEnum {
                            value: String::from(&**s),
                            allowed: names,
                        },
                    );
                }
                i
            }
            _ => {
                self.wrong_type(key, v, "string");
                None
            }
        }
    }
    fn array(&mut self, key: &str) -> Option<&'a [Value<'a>]> {
        let v = self.raw(key)?;
        match &v.kind {
            Kind::Array(a) => Some(a),
            _ => {
                self.wrong_type(key, v, "array");
                None
            }
        }
    }
    fn strings(&mut self, key: &str) -> Option<Vec<(String, String)>> {
        let items = self.array(key)?;
        let base = self.field_ptr(key);
        let mut out = Vec::with_capacity(items.len());
        for (i, v) in items.iter().enumerate() {
            let p = ptr_index(&base, i);
            match &v.kind {
                Kind::String(s) => out.push((String::from(&**s), p)),
                _ => self.problem(
                    p,
                    ProblemKind::WrongType {
                        expected: "string",
                        found: v.type_name(),
                    },
                ),
            }
        }
        Some(out)
    }
    fn refs(&mut self, key: &str) -> Option<Vec<Ref>> {
        let items = self.strings(key)?;
        let mut out = Vec::with_capacity(items.len());
        for (id, ptr) in items {
            if id.is_empty() {
                self.problem(ptr, ProblemKind::EmptyId);
            } else {
                out.push(Ref { id, ptr });
            }
        }
        Some(out)
    }
    fn address_at(&mut self, text: String, ptr: String) -> Addr {
        let cidr = match Cidr::parse(&text) {
            Ok(c) => Some(c),
            Err(e) => {
                self.problem(
                    ptr.clone(),
                    ProblemKind::BadAddress {
                        value: text.clone(),
                        error: e,
                    },
                );
                if e == CidrError::HostBitsSet {
                    // usable once normalised; still reported
                    text.split_once('/').and_then(|(a, l)| {
                        let addr = crate::cidr::parse_ipv4(a)?;
                        let len: u8 = l.parse().ok()?;
                        let mut c = Cidr { addr, len };
                        c.addr &= c.mask();
                        Some(c)
                    })
                } else {
                    None
                }
            }
        };
        Addr { text, ptr, cidr }
    }
    fn address(&mut self, key: &str) -> Option<Addr> {
        let s = self.string(key)?;
        let p = self.field_ptr(key);
        Some(self.address_at(s, p))
    }
    fn addresses(&mut self, key: &str) -> Vec<Addr> {
        let Some(items) = self.strings(key) else {
            return Vec::new();
        };
        items
            .into_iter()
            .map(|(s, p)| self.address_at(s, p))
            .collect()
    }
    /// A nested object; wrong types are recorded.
    fn object(&mut self, key: &str) -> Option<(&'a [Member<'a>], String)> {
        let v = self.raw(key)?;
        match &v.kind {
            Kind::Object(m) => Some((m, self.field_ptr(key))),
            _ => {
                self.wrong_type(key, v, "object");
                None
            }
        }
    }
    fn sub<'c>(&'c mut self, members: &'a [Member<'a>], ptr: &'c str) -> Obj<'a, 'c> {
        Obj {
            members,
            ptr,
            problems: self.problems,
        }
    }
}

/// The number `v` if it is one within `min..=max` (and whole when `integer`), else the problem.
fn number_in(v: &Value, min: f64, max: f64, integer: bool) -> Result<f64, ProblemKind> {
    match v.kind {
        Kind::Number(n) => {
            let ok = n.value.is_finite()
                && n.value >= min
                && n.value <= max
                && (!integer || is_integral(n.value));
            if ok {
                Ok(n.value)
            } else {
                Err(ProblemKind::OutOfRange {
                    value: number_text(n.value),
                    min,
                    max,
                    integer,
                })
            }
        }
        _ => Err(ProblemKind::WrongType {
            expected: if integer { "integer" } else { "number" },
            found: v.type_name(),
        }),
    }
}

/// The `max` of a size, count or capacity: the format gives them no upper bound, so any finite
/// JSON number (`1e16`, `1e308`) is valid there; only infinity (a number beyond `f64`, such as
/// `1e309`) is out of range.
pub(crate) const NO_UPPER_BOUND: f64 = f64::MAX;

fn number_text(v: f64) -> String {
    crate::numfmt::plain(v)
}

/// An enumeration of the format: its names, and the values they stand for, in the same order.
type Choices<T> = (&'static [&'static str], &'static [T]);

/// A [`Choices`] table whose names and values have the same length (checked by the compiler).
const fn choices<T, const N: usize>(
    names: &'static [&'static str; N],
    values: &'static [T; N],
) -> Choices<T> {
    (names, values)
}

const PROFILES: Choices<Profile> = choices(
    &["standard", "high-security"],
    &[Profile::Standard, Profile::HighSecurity],
);
const DR_LEVELS: Choices<DrLevel> = choices(
    &["same-city", "two-region", "two-region-three-center"],
    &[
        DrLevel::SameCity,
        DrLevel::TwoRegion,
        DrLevel::TwoRegionThreeCenter,
    ],
);
const NETWORKS: Choices<Network> = choices(&["classic", "vpc"], &[Network::Classic, Network::Vpc]);
const REGION_ROLES: Choices<RegionRole> =
    choices(&["primary", "dr"], &[RegionRole::Primary, RegionRole::Dr]);
const TIERS: Choices<Tier> = choices(
    &["dmz", "management", "intranet"],
    &[Tier::Dmz, Tier::Management, Tier::Intranet],
);
const ACTIONS: Choices<Action> = choices(&["accept", "drop"], &[Action::Accept, Action::Drop]);
const PROTOCOLS: Choices<Protocol> = choices(
    &["tcp", "udp", "icmp", "all"],
    &[Protocol::Tcp, Protocol::Udp, Protocol::Icmp, Protocol::All],
);
const ROLES: Choices<EcsRole> = choices(
    &["app", "bastion", "database", "test"],
    &[
        EcsRole::App,
        EcsRole::Bastion,
        EcsRole::Database,
        EcsRole::Test,
    ],
);
const OSES: Choices<Os> = choices(&["linux", "windows"], &[Os::Linux, Os::Windows]);
const SCOPES: Choices<Scope> = choices(&["public", "private"], &[Scope::Public, Scope::Private]);
const ENGINES: Choices<Engine> = choices(
    &["mysql", "sqlserver", "postgresql", "ppas"],
    &[
        Engine::Mysql,
        Engine::Sqlserver,
        Engine::Postgresql,
        Engine::Ppas,
    ],
);
const OSS_NETWORKS: Choices<OssNetwork> = choices(
    &["internal", "external"],
    &[OssNetwork::Internal, OssNetwork::External],
);
const ACLS: Choices<Acl> = choices(
    &["private", "public-read", "public-read-write"],
    &[Acl::Private, Acl::PublicRead, Acl::PublicReadWrite],
);
const VPN_TYPES: Choices<VpnType> = choices(&["ssl", "ipsec"], &[VpnType::Ssl, VpnType::Ipsec]);
const AUTHS: Choices<Auth> = choices(
    &["none", "jwt", "aksk", "basic"],
    &[Auth::None, Auth::Jwt, Auth::Aksk, Auth::Basic],
);
const SLB_TYPES: Choices<SlbType> = choices(
    &["clb", "alb", "nlb"],
    &[SlbType::Clb, SlbType::Alb, SlbType::Nlb],
);
const RDS_CATEGORIES: Choices<RdsCategory> = choices(
    &["basic", "high-availability", "cluster", "finance"],
    &[
        RdsCategory::Basic,
        RdsCategory::HighAvailability,
        RdsCategory::Cluster,
        RdsCategory::Finance,
    ],
);
const REDUNDANCIES: Choices<Redundancy> =
    choices(&["lrs", "zrs"], &[Redundancy::Lrs, Redundancy::Zrs]);
const KINDS: Choices<NodeKind> = choices(
    &[
        "ecs",
        "slb",
        "rds",
        "oss",
        "vpn",
        "leased_line",
        "idc",
        "eip",
        "nat",
        "dns",
        "apigw",
    ],
    &NodeKind::ALL,
);
const HC_PROTOCOLS: Choices<&str> = choices(&["http", "tcp"], &["http", "tcp"]);

macro_rules! names {
    ($($n:literal),*) => { &[$($n),*] };
}

/// Builds the model from a parsed document. `root` must be an object.
pub fn build(root: &Value<'_>) -> Design {
    let mut problems = Vec::new();
    let members = root.as_object().unwrap_or(&[]);
    let mut top = Obj {
        members,
        ptr: "",
        problems: &mut problems,
    };
    top.check_fields(TOP_FIELDS);
    let name = top.string("name");
    let profile = top.enumeration("profile", PROFILES).unwrap_or_default();
    let dr = top.enumeration("dr", DR_LEVELS).unwrap_or_default();

    let regions = match top.raw("regions") {
        None => {
            top.problem(String::new(), ProblemKind::Missing { field: "regions" });
            Vec::new()
        }
        Some(_) => list(&mut top, "regions", region),
    };
    let vpcs = list(&mut top, "vpcs", vpc);
    let security_groups = list(&mut top, "security_groups", security_group);
    let nodes = list(&mut top, "nodes", node);
    let links = list(&mut top, "links", link);
    let ignores = list(&mut top, "ignore", ignore);
    let unresolved = list(&mut top, "unresolved", unresolved_note);
    Design {
        name,
        profile,
        dr,
        regions,
        vpcs,
        security_groups,
        nodes,
        links,
        ignores,
        unresolved,
        problems,
    }
}

/// Reads an array of objects with `f`.
fn list<T>(o: &mut Obj<'_, '_>, key: &str, f: fn(&mut Obj<'_, '_>) -> T) -> Vec<T> {
    let mut out = Vec::new();
    each(o, key, &mut |sub, len| {
        if out.is_empty() {
            out.reserve_exact(len);
        }
        out.push(f(sub));
    });
    out
}

/// Calls `f` with each object of the array at `key` and the array's length; an item that is
/// not an object is a DF005 problem. Not generic, so that the loop exists once rather than once
/// per [`list`] type.
#[inline(never)]
fn each(o: &mut Obj<'_, '_>, key: &str, f: &mut dyn FnMut(&mut Obj<'_, '_>, usize)) {
    let Some(items) = o.array(key) else {
        return;
    };
    let base = o.field_ptr(key);
    for (i, v) in items.iter().enumerate() {
        let p = ptr_index(&base, i);
        match &v.kind {
            Kind::Object(m) => f(&mut o.sub(m, &p), items.len()),
            _ => o.problem(
                p,
                ProblemKind::WrongType {
                    expected: "object",
                    found: v.type_name(),
                },
            ),
        }
    }
}

fn region(o: &mut Obj<'_, '_>) -> Region {
    o.check_fields(REGION_FIELDS);
    Region {
        ptr: o.ptr.to_owned(),
        id: o.own_id(),
        label: o.string("label"),
        network: o.enumeration("network", NETWORKS),
        role: o.enumeration("role", REGION_ROLES).unwrap_or_default(),
        zones: list(o, "zones", zone),
    }
}

fn zone(o: &mut Obj<'_, '_>) -> Zone {
    o.check_fields(ZONE_FIELDS);
    Zone {
        ptr: o.ptr.to_owned(),
        id: o.own_id(),
        label: o.string("label"),
    }
}

fn vpc(o: &mut Obj<'_, '_>) -> Vpc {
    o.check_fields(VPC_FIELDS);
    Vpc {
        ptr: o.ptr.to_owned(),
        id: o.own_id(),
        label: o.string("label"),
        region: o.reference("region"),
        cidr: o.address("cidr"),
        vswitches: list(o, "vswitches", vswitch),
    }
}

fn vswitch(o: &mut Obj<'_, '_>) -> VSwitch {
    o.check_fields(VSWITCH_FIELDS);
    VSwitch {
        ptr: o.ptr.to_owned(),
        id: o.own_id(),
        label: o.string("label"),
        zone: o.reference("zone"),
        cidr: o.address("cidr"),
        tier: o.enumeration("tier", TIERS),
    }
}

fn security_group(o: &mut Obj<'_, '_>) -> SecurityGroup {
    o.check_fields(SG_FIELDS);
    SecurityGroup {
        ptr: o.ptr.to_owned(),
        id: o.own_id(),
        label: o.string("label"),
        rules: list(o, "rules", sg_rule),
    }
}

/// Parses `22`, `2800-3300` or `all`.
pub fn parse_ports(s: &str) -> Option<PortRange> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("all") {
        return Some(PortRange::ALL);
    }
    let one = |t: &str| -> Option<u16> {
        let t = t.trim();
        if t.is_empty() || t.len() > 5 || !t.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let v: u32 = t.parse().ok()?;
        (1..=65535).contains(&v).then_some(v as u16)
    };
    match s.split_once('-') {
        Some((a, b)) => {
            let (lo, hi) = (one(a)?, one(b)?);
            (lo <= hi).then_some(PortRange { lo, hi })
        }
        None => one(s).map(PortRange::single),
    }
}

fn sg_rule(o: &mut Obj<'_, '_>) -> SgRule {
    o.check_fields(SG_RULE_FIELDS);
    let ports = match o.string("ports") {
        None => None,
        Some(s) => match parse_ports(&s) {
            Some(r) => Some(r),
            None => {
                let p = o.field_ptr("ports");
                o.problem(
                    p,
                    ProblemKind::NotInEnum {
                        value: s,
                        allowed: names!("all", "<port>", "<port>-<port>"),
                    },
                );
                None
            }
        },
    };
    let from_text = o.string("from");
    let from = from_text.as_deref().map(|s| {
        if let Some(g) = s.strip_prefix("sg:") {
            Source::Group(g.to_owned())
        } else if looks_like_address(s) {
            let p = o.field_ptr("from");
            match o.address_at(s.to_owned(), p).cidr {
                Some(c) => Source::Cidr(c),
                None => Source::Invalid,
            }
        } else {
            Source::Node(s.to_owned())
        }
    });
    SgRule {
        ptr: o.ptr.to_owned(),
        action: o.enumeration("action", ACTIONS).unwrap_or_default(),
        protocol: o.enumeration("protocol", PROTOCOLS).unwrap_or_default(),
        ports,
        from,
        from_text,
    }
}

fn node(o: &mut Obj<'_, '_>) -> Node {
    let kind = match o.raw("kind") {
        None => {
            let p = o.ptr.to_owned();
            o.problem(p, ProblemKind::Missing { field: "kind" });
            None
        }
        Some(_) => o.enumeration("kind", KINDS),
    };
    let mut n = Node {
        ptr: o.ptr.to_owned(),
        id: o.own_id(),
        kind,
        label: o.string("label"),
        external: o.boolean("external").unwrap_or(false),
        ..Node::default()
    };
    let Some(kind) = kind else {
        // Unknown kind: only check that field names exist somewhere in the format.
        let all = all_node_fields();
        o.check_fields(&all);
        return n;
    };
    o.check_fields_of(NODE_COMMON_FIELDS, kind.fields(), Some(kind));
    let has = |f: &str| kind.fields().contains(&f);
    if has("zone") {
        n.zone = o.reference("zone");
    }
    if has("vswitch") {
        n.vswitch = o.reference("vswitch");
    }
    if has("region") {
        n.region = o.reference("region");
    }
    if has("security_groups") {
        n.security_groups = o.refs("security_groups").unwrap_or_default();
    }
    match kind {
        NodeKind::Ecs => {
            n.role = o.enumeration("role", ROLES).unwrap_or_default();
            n.module = o.string("module");
            n.cpu = o.amount("cpu");
            n.memory_gb = o.amount("memory_gb");
            n.os = o.enumeration("os", OSES).unwrap_or_default();
            n.public_bandwidth_mbps = o.amount("public_bandwidth_mbps");
            n.autostart = o.boolean("autostart");
            if let Some(items) = o.array("disks_gb") {
                let base = o.field_ptr("disks_gb");
                for (i, v) in items.iter().enumerate() {
                    let p = ptr_index(&base, i);
                    if let Some(x) = o.number_at(p.clone(), v, 0.0, NO_UPPER_BOUND, false) {
                        n.disks_gb.push((p, x));
                    }
                }
            }
            if let Some(items) = o.array("listens") {
                let base = o.field_ptr("listens");
                let mut ports = Vec::with_capacity(items.len());
                for (i, v) in items.iter().enumerate() {
                    match number_in(v, 1.0, 65535.0, true) {
                        Ok(x) => ports.push(x as u16),
                        Err(k) => o.problem(ptr_index(&base, i), k),
                    }
                }
                n.listens = Some(ports);
            }
            n.paths = o
                .strings("paths")
                .map(|v| v.into_iter().map(|(s, _)| s).collect());
            n.stateful = o.boolean("stateful");
            n.needs_internet = o.boolean("needs_internet");
            n.reconnect = o.boolean("reconnect");
        }
        NodeKind::Slb => {
            n.scope = o.enumeration("scope", SCOPES).unwrap_or_default();
            n.bandwidth_mbps = o.amount("bandwidth_mbps");
            n.listeners = list(o, "listeners", listener);
            n.backends = o.refs("backends");
            n.slb_type = o.enumeration("type", SLB_TYPES).unwrap_or_default();
            n.zones = o.refs("zones");
        }
        NodeKind::Rds => {
            n.engine = o.enumeration("engine", ENGINES);
            n.whitelist = o.strings("whitelist").map(|items| {
                items
                    .into_iter()
                    .map(|(s, p)| {
                        if looks_like_address(&s) {
                            WhitelistEntry::Addr(o.address_at(s, p))
                        } else {
                            WhitelistEntry::Node(Ref { id: s, ptr: p })
                        }
                    })
                    .collect()
            });
            n.public = o.boolean("public");
            n.storage_gb = o.amount("storage_gb");
            if let Some((m, p)) = o.object("sizing") {
                let mut s = o.sub(m, &p);
                s.check_fields(SIZING_FIELDS);
                n.sizing = Some(Sizing {
                    daily_transactions: s.amount("daily_transactions"),
                    transaction_kb: s.amount("transaction_kb"),
                    retention_days: s.amount("retention_days"),
                    ptr: p.clone(),
                });
            }
            n.replica_of = o.reference("replica_of");
            n.category = o.enumeration("category", RDS_CATEGORIES);
            n.zones = o.refs("zones");
        }
        NodeKind::Oss => {
            n.oss_network = o.enumeration("network", OSS_NETWORKS).unwrap_or_default();
            n.acl = o.enumeration("acl", ACLS).unwrap_or_default();
            n.replicates_to = o.reference("replicates_to");
            n.redundancy = o.enumeration("redundancy", REDUNDANCIES);
        }
        NodeKind::Vpn => {
            n.vpn_type = o.enumeration("type", VPN_TYPES);
            n.client_ips = o.addresses("client_ips");
            if let Some((m, p)) = o.object("peer") {
                let mut s = o.sub(m, &p);
                s.check_fields(PEER_FIELDS);
                let public_ip = s.address("public_ip");
                if let Some(a) = &public_ip {
                    if a.cidr.is_some_and(|c| c.len != 32) {
                        let ptr = a.ptr.clone();
                        s.problem(
                            ptr,
                            ProblemKind::NotAnAddress {
                                value: a.text.clone(),
                            },
                        );
                    }
                }
                n.peer = Some(Peer {
                    vendor: s.string("vendor"),
                    model: s.string("model"),
                    public_ip,
                    behind_nat: s.boolean("behind_nat"),
                    ptr: p.clone(),
                });
            }
            n.connects = o.reference("connects");
        }
        NodeKind::LeasedLine => {
            n.carrier = o.string("carrier");
            n.bandwidth_mbps = o.amount("bandwidth_mbps");
            n.connects = o.reference("connects");
            n.nat_ips = o.count("nat_ips");
        }
        NodeKind::Idc => {
            n.tps = o.amount("tps");
            n.transaction_kb = o.amount("transaction_kb");
        }
        NodeKind::Eip => n.attached_to = o.reference("attached_to"),
        NodeKind::Nat => n.nat_rules = o.count("rules"),
        NodeKind::Dns => n.failover = o.boolean("failover"),
        NodeKind::Apigw => {
            n.auth = o.enumeration("auth", AUTHS);
            n.rate_limit = o.boolean("rate_limit");
            n.backends = o.refs("backends");
        }
        NodeKind::Unknown => {}
    }
    n
}

fn listener(o: &mut Obj<'_, '_>) -> Listener {
    o.check_fields(LISTENER_FIELDS);
    let health_check = o.object("health_check").map(|(m, p)| {
        let mut s = o.sub(m, &p);
        s.check_fields(HEALTH_CHECK_FIELDS);
        let protocol = s.enumeration("protocol", HC_PROTOCOLS).map(String::from);
        HealthCheck {
            enabled: s.boolean("enabled").unwrap_or(true),
            protocol,
            path: s.string("path"),
            port: s.port("port"),
            ptr: p.clone(),
        }
    });
    Listener {
        ptr: o.ptr.to_owned(),
        protocol: o.string("protocol").map(|s| s.to_ascii_lowercase()),
        port: o.port("port"),
        backend_port: o.port("backend_port"),
        sticky: o.boolean("sticky").unwrap_or(false),
        certificate: o.boolean("certificate"),
        health_check,
    }
}

fn link(o: &mut Obj<'_, '_>) -> Link {
    o.check_fields(LINK_FIELDS);
    for f in ["from", "to"] {
        if o.raw(f).is_none() {
            let p = o.ptr.to_owned();
            o.problem(
                p,
                ProblemKind::Missing {
                    field: if f == "from" { "from" } else { "to" },
                },
            );
        }
    }
    Link {
        ptr: o.ptr.to_owned(),
        from: o.reference("from"),
        to: o.reference("to"),
        port: o.port("port"),
        protocol: o.string("protocol"),
        label: o.string("label"),
    }
}

fn unresolved_note(o: &mut Obj<'_, '_>) -> UnresolvedNote {
    o.check_fields(UNRESOLVED_FIELDS);
    UnresolvedNote {
        ptr: o.ptr.to_owned(),
        file: o.string("file"),
        values: o
            .strings("values")
            .map(|v| v.into_iter().map(|(s, _)| s).collect())
            .unwrap_or_default(),
    }
}

fn ignore(o: &mut Obj<'_, '_>) -> Ignore {
    o.check_fields(IGNORE_FIELDS);
    for f in ["rule", "reason"] {
        if o.raw(f).is_none() {
            let p = o.ptr.to_owned();
            o.problem(
                p,
                ProblemKind::Missing {
                    field: if f == "rule" { "rule" } else { "reason" },
                },
            );
        }
    }
    Ignore {
        ptr: o.ptr.to_owned(),
        rule: o.string("rule"),
        target: o.reference("target"),
        reason: o.string("reason"),
        owner: if cfg!(feature = "waivers") {
            o.string("owner")
        } else {
            None
        },
        // Without the `waivers` feature (the docs widget) nothing expires: not read.
        expires: if cfg!(feature = "waivers") {
            o.string("expires")
        } else {
            None
        }
        .and_then(|s| {
            let d = crate::date::Date::parse(&s);
            if d.is_none() {
                let p = o.field_ptr("expires");
                o.problem(
                    p,
                    ProblemKind::WrongType {
                        expected: "date",
                        found: "not a date",
                    },
                );
            }
            d
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    fn load(t: &str) -> Design {
        build(&parse(t, 64).unwrap())
    }

    #[test]
    fn reads_every_kind_and_reports_problems() {
        let d = load(
            r#"{"archlint":1,"regions":[{"id":"hz","network":"classic","zones":[{"id":"b"}]}],
            "nodes":[
              {"id":"a","kind":"ecs","zone":"b","cpu":2,"listens":[80,70000],"securty_groups":[]},
              {"id":"s","kind":"slb","region":"hz","zone":"b","listeners":[{"protocol":"HTTP","port":80}]},
              {"id":"x","kind":"router"},
              {"id":"w","kind":"rds","whitelist":["a","10.0.0.0/33"]}
            ]}"#,
        );
        assert_eq!(d.nodes.len(), 4);
        assert_eq!(d.nodes[0].listens.as_deref(), Some(&[80u16][..]));
        assert_eq!(d.nodes[1].listeners[0].protocol.as_deref(), Some("http"));
        assert!(d.nodes[1].zone.is_none());
        assert_eq!(d.nodes[2].kind, None);
        let kinds: Vec<_> = d
            .problems
            .iter()
            .map(|p| (p.ptr.as_str(), &p.kind))
            .collect();
        assert!(kinds.iter().any(
            |(p, k)| *p == "/nodes/0/listens/1" && matches!(k, ProblemKind::OutOfRange { .. })
        ));
        assert!(kinds.iter().any(|(p, k)| *p == "/nodes/0/securty_groups"
            && matches!(
                k,
                ProblemKind::UnknownField {
                    suggestion: Some("security_groups"),
                    ..
                }
            )));
        assert!(kinds.iter().any(|(p, k)| *p == "/nodes/1/zone"
            && matches!(
                k,
                ProblemKind::UnknownField {
                    other_kind: true,
                    ..
                }
            )));
        assert!(kinds
            .iter()
            .any(|(p, k)| *p == "/nodes/2/kind" && matches!(k, ProblemKind::NotInEnum { .. })));
        assert!(kinds
            .iter()
            .any(|(p, k)| *p == "/nodes/3/whitelist/1"
                && matches!(k, ProblemKind::BadAddress { .. })));
    }

    #[test]
    fn reads_the_added_fields_and_their_defaults() {
        let d = load(
            r#"{"archlint":1,"regions":[{"id":"hz","zones":[{"id":"b"},{"id":"c"}]}],
            "nodes":[
              {"id":"s","kind":"slb","region":"hz","type":"nlb","zones":["b","c"],
               "listeners":[{"port":80,"health_check":{"enabled":false}},{"port":80,"health_check":{}}]},
              {"id":"t","kind":"slb","region":"hz"},
              {"id":"r","kind":"rds","region":"hz","category":"high-availability","zones":["b","c"]},
              {"id":"o","kind":"oss","region":"hz","redundancy":"zrs"},
              {"id":"e","kind":"ecs","zone":"b","zones":["b"],"category":"basic","redundancy":"lrs"}
            ]}"#,
        );
        let [s, t, r, o, e] = &d.nodes[..] else {
            panic!("five nodes")
        };
        assert_eq!(s.slb_type, SlbType::Nlb);
        assert_eq!(t.slb_type, SlbType::Clb);
        let ids =
            |n: &Node| -> Vec<String> { n.zones.iter().flatten().map(|z| z.id.clone()).collect() };
        assert_eq!(ids(s), ["b", "c"]);
        assert_eq!(s.zones.as_ref().unwrap()[1].ptr, "/nodes/0/zones/1");
        assert!(t.zones.is_none());
        assert!(!s.listeners[0].health_check.as_ref().unwrap().enabled);
        assert!(s.listeners[1].health_check.as_ref().unwrap().enabled);
        assert_eq!(r.category, Some(RdsCategory::HighAvailability));
        assert_eq!(ids(r), ["b", "c"]);
        assert_eq!(o.redundancy, Some(Redundancy::Zrs));
        // Fields of other kinds are not read, and are reported as such.
        assert!(e.zones.is_none() && e.category.is_none() && e.redundancy.is_none());
        let other_kind: Vec<&str> = d
            .problems
            .iter()
            .filter(|p| {
                matches!(
                    p.kind,
                    ProblemKind::UnknownField {
                        other_kind: true,
                        ..
                    }
                )
            })
            .map(|p| p.ptr.as_str())
            .collect();
        assert_eq!(
            other_kind,
            ["/nodes/4/zones", "/nodes/4/category", "/nodes/4/redundancy"]
        );
    }

    #[test]
    fn ports() {
        assert_eq!(parse_ports("22"), Some(PortRange::single(22)));
        assert_eq!(
            parse_ports("2800-3300"),
            Some(PortRange { lo: 2800, hi: 3300 })
        );
        assert_eq!(parse_ports("all"), Some(PortRange::ALL));
        assert_eq!(parse_ports("1-65535"), Some(PortRange::ALL));
        assert_eq!(parse_ports("0"), None);
        assert_eq!(parse_ports("80-22"), None);
        assert_eq!(parse_ports("65536"), None);
        assert_eq!(parse_ports("-1"), None);
        assert_eq!(parse_ports(""), None);
    }

    #[test]
    fn addresses_vs_ids() {
        assert!(looks_like_address("10.0.0.1"));
        assert!(looks_like_address("10.0.0.0/8"));
        assert!(looks_like_address("300.1.1.1"));
        assert!(!looks_like_address("web-1"));
        assert!(!looks_like_address("1web"));
        assert!(!looks_like_address("2024"));
    }
}
