use alloc::format;
use alloc::string::String;

use super::{field_label, holder, owner_of, show, zh_end};
use crate::cidr::{parse_ipv4, Cidr, CidrError};
use crate::index::Ctx;
use crate::model::ProblemKind;
use crate::rule::Sink;
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// Every address or CIDR in the design parses as IPv4: a VPC or vSwitch `cidr`, an SSL VPN's
    /// `client_ips`, an IPsec peer's `public_ip`, an RDS `whitelist` address, a security-group
    /// rule's `from` address. The finding says what is wrong: a part above 255, a leading zero,
    /// the wrong number of parts, a prefix length outside 0–32, bits set after the prefix
    /// (with the network address to write instead), or a network where one address is needed.
    ///
    /// ## Why
    /// An address that does not parse matches nothing: a whitelist or security-group entry
    /// meant to admit someone admits no one, and the address checks of the other rules cannot
    /// run. A CIDR with host bits set, like `10.0.0.1/8`, is ambiguous: it may mean the
    /// network or the single host.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "sz", "network": "vpc", "zones": [ { "id": "sz-a" } ] } ],
    ///   "vpcs": [ { "id": "vpc-prod", "region": "sz", "cidr": "192.168.0.1/16" } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "sz", "network": "vpc", "zones": [ { "id": "sz-a" } ] } ],
    ///   "vpcs": [ { "id": "vpc-prod", "region": "sz", "cidr": "192.168.0.0/16" } ] }
    /// ```
    ///
    /// ## Source
    /// A rule of the design format (design-format.md: addresses are IPv4 addresses or CIDRs),
    /// resting on the guide's use of exact ranges. Its VPC walkthrough ("Creating a VPC",
    /// "Creating a vSwitch") picks the VPC range from 10.0.0.0/8, 172.16.0.0/12 or
    /// 192.168.0.0/16, such as 192.168.0.0/16, and gives each vSwitch a subnet of it, such as
    /// 192.168.0.0/25; and "Security-group configuration" asks for every client address of the
    /// management VPN to be added to the rules — an address typed wrong is one left out.
    pub struct InvalidAddress {
        code: "DF003",
        name: "invalid-address",
        severity: Error,
        summary: ("An address or CIDR does not parse", "地址或 CIDR 格式错误"),
        zh: "## 检查内容\n\
设计中的每个地址或 CIDR 都必须是合法的 IPv4：VPC 和交换机的 `cidr`、SSL VPN 的 `client_ips`、IPsec 对端的 `public_ip`、RDS `whitelist` 中的地址、安全组规则 `from` 中的地址。报告会指出具体错误：某段大于 255、有前导零、段数不对、前缀长度不在 0–32 之间、前缀之后还有主机位（并给出应写的网络地址），或者需要单个地址的地方写了网段。\n\
\n\
## 原因\n\
无法解析的地址什么也匹配不到：本想放行某个来源的白名单或安全组条目实际上谁也没放行，其他规则的地址检查也无法进行。带主机位的 CIDR（如 `10.0.0.1/8`）含义不明：可能指整个网段，也可能指单台主机。\n\
\n\
## 依据\n\
这是设计格式的规定（design-format.md：地址为 IPv4 地址或 CIDR），其依据是指南对精确网段的使用。指南的 VPC 示例（“创建专有网络”“创建交换机”）从 10.0.0.0/8、172.16.0.0/12、192.168.0.0/16 中选择 VPC 网段（如 192.168.0.0/16），交换机取其子网（如 192.168.0.0/25）；“安全组配置”一节要求把管理 VPN 的所有客户端地址都加入规则——写错的地址就等于漏掉的地址。",
        check: check,
        fix: fix,
        fix_note: (
            "safe: writes the network address of a VPC or vSwitch `cidr` with host bits set (the same range); other defects need the intended address",
            "安全：把带主机位的 VPC 或交换机 `cidr` 改写为其网络地址（范围不变）；其他错误需要写出本意的地址"
        ),
        facts: none,
    }
}

/// Why the address part (before any `/`) is not an IPv4 address.
fn address_defect(addr: &str) -> (String, String) {
    let parts: alloc::vec::Vec<&str> = addr.split('.').collect();
    if parts.len() != 4 {
        let n = parts.len();
        return (
            format!("it has {n} dot-separated parts instead of 4"),
            format!("它有 {n} 段，而不是 4 段"),
        );
    }
    for p in parts {
        let s = show(p);
        if p.is_empty() {
            return ("one of its parts is empty".into(), "其中有一段为空".into());
        }
        if !p.bytes().all(|b| b.is_ascii_digit()) {
            return (format!("`{s}` is not a number"), format!("`{s}` 不是数字"));
        }
        if p.len() > 1 && p.starts_with('0') {
            return (
                format!("`{s}` has a leading zero (read as octal by some tools)"),
                format!("`{s}` 有前导零（部分工具会按八进制解析）"),
            );
        }
        if p.len() > 3 || p.parse::<u32>().is_ok_and(|v| v > 255) {
            return (
                format!("`{s}` is greater than 255"),
                format!("`{s}` 大于 255"),
            );
        }
    }
    (
        "it is not of the form a.b.c.d".into(),
        "它不符合 a.b.c.d 的形式".into(),
    )
}

/// The network a CIDR with host bits set stands for.
fn normalised(text: &str) -> Option<Cidr> {
    let (a, l) = text.split_once('/')?;
    let addr = parse_ipv4(a)?;
    let len: u8 = l.parse().ok().filter(|&l| l <= 32)?;
    let mut c = Cidr { addr, len };
    c.addr &= c.mask();
    Some(c)
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for p in &cx.design.problems {
        let (value, error) = match &p.kind {
            ProblemKind::BadAddress { value, error } => (value, Some(*error)),
            ProblemKind::NotAnAddress { value } => (value, None),
            _ => continue,
        };
        let target = owner_of(cx, &p.ptr);
        let field = field_label(&p.ptr);
        let (where_en, where_zh) = holder(cx, &p.ptr).describe();
        let where_zh = zh_end(&where_zh);
        let v = show(value);
        let (message, help) = match error {
            Some(CidrError::BadAddress) => {
                let addr = value.split_once('/').map_or(value.as_str(), |(a, _)| a);
                let (why_en, why_zh) = address_defect(addr);
                (
                    text!(
                        "`{field}` of {where_en} is `{v}`, which is not an IPv4 address: {why_en}",
                        "{where_zh}的 `{field}` 为 `{v}`，不是合法的 IPv4 地址：{why_zh}"
                    ),
                    text!(
                        "write four numbers from 0 to 255 separated by dots, without leading zeros, e.g. `10.0.0.1` or `10.0.0.0/16`",
                        "请写成以点分隔的四个 0–255 的数字，不带前导零，例如 `10.0.0.1` 或 `10.0.0.0/16`"
                    ),
                )
            }
            Some(CidrError::BadPrefix) => {
                let prefix = show(value.split_once('/').map_or("", |(_, l)| l));
                (
                    text!(
                        "`{field}` of {where_en} is `{v}`: the prefix length `/{prefix}` is not a number from 0 to 32",
                        "{where_zh}的 `{field}` 为 `{v}`：前缀长度 `/{prefix}` 不是 0–32 之间的数字"
                    ),
                    text!(
                        "write a prefix length from 0 to 32 after the slash, e.g. `10.0.0.0/16`",
                        "请在斜杠后写 0–32 之间的前缀长度，例如 `10.0.0.0/16`"
                    ),
                )
            }
            Some(CidrError::HostBitsSet) => {
                let net = normalised(value)
                    .map(|c| format!("{c}"))
                    .unwrap_or_default();
                let host = show(value.split_once('/').map_or("", |(a, _)| a));
                let len = show(value.split_once('/').map_or("", |(_, l)| l));
                (
                    text!(
                        "`{field}` of {where_en} is `{v}`, which has bits set after its /{len} prefix",
                        "{where_zh}的 `{field}` 为 `{v}`，在 /{len} 前缀之后还有主机位"
                    ),
                    text!(
                        "write the network address `{net}`, or `{host}` if a single address is meant",
                        "请写网络地址 `{net}`；如果指的是单个地址，请写 `{host}`"
                    ),
                )
            }
            None => (
                text!(
                    "`{field}` of {where_en} is `{v}`, a network, where a single address is needed",
                    "{where_zh}的 `{field}` 为 `{v}`，这是网段，而这里需要单个地址"
                ),
                text!(
                    "write one address without a prefix length (or with /32), e.g. `203.0.113.10`",
                    "请写一个不带前缀长度（或带 /32）的地址，例如 `203.0.113.10`"
                ),
            ),
        };
        out.report(target, p.ptr.as_str(), message, help);
    }
}

fn fix(cx: &Ctx<'_>, f: &crate::rule::Finding) -> Option<crate::fix::Fix> {
    use crate::fix::{Edit, Fix, Json};
    let p = cx.design.problems.iter().find(|p| p.ptr == f.pointer)?;
    let ProblemKind::BadAddress {
        value,
        error: CidrError::HostBitsSet,
    } = &p.kind
    else {
        return None;
    };
    // A VPC's or vSwitch's range is a network; elsewhere the single host may be meant.
    let range = matches!(
        holder(cx, &p.ptr),
        super::Place::Vpc(_) | super::Place::VSwitch(_)
    );
    if !range || !p.ptr.ends_with("/cidr") {
        return None;
    }
    let net = format!("{}", normalised(value)?);
    let (v, n) = (show(value), show(&net));
    Some(Fix::safe(
        text!(
            "write `{v}` as its network address `{n}`",
            "把 `{v}` 改写为其网络地址 `{n}`"
        ),
        alloc::vec![Edit::Set {
            at: p.ptr.clone(),
            value: Json::Str(net),
        }],
    ))
}
