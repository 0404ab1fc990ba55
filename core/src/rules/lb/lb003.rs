use super::{listener_name, slbs};
use crate::index::Ctx;
use crate::model::ptr_join;
use crate::rule::Sink;
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// An SLB listener whose `protocol` is not `http`, `https`, `tcp` or `udp` (compared without
    /// regard to case) — for example `ftp` or `sftp`. A listener without a protocol is not
    /// judged.
    ///
    /// ## Why
    /// The SLB balances at layer 4 with TCP and UDP only, and at layer 7 with HTTP and HTTPS
    /// only. Anything else — FTP and SFTP in particular — cannot be configured, and a custom
    /// protocol has to be carried as plain TCP.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "files-1", "kind": "ecs", "zone": "hz-b" },
    ///              { "id": "slb-files", "kind": "slb", "region": "hz",
    ///                "listeners": [ { "protocol": "ftp", "port": 2821 } ], "backends": [ "files-1" ] } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "files-1", "kind": "ecs", "zone": "hz-b" },
    ///              { "id": "slb-files", "kind": "slb", "region": "hz",
    ///                "listeners": [ { "protocol": "https", "port": 443, "certificate": true } ],
    ///                "backends": [ "files-1" ] } ] }
    /// ```
    ///
    /// ## Source
    /// The guide's list of financial-cloud SLB features (item 5): layer 4 supports only TCP and
    /// UDP, layer 7 supports HTTP and HTTPS, and FTP and SFTP are not supported; the SLB
    /// configuration table adds that a custom protocol uses TCP.
    pub struct UnsupportedProtocol {
        code: "LB003",
        name: "unsupported-protocol",
        severity: Error,
        summary: (
            "An SLB listener uses a protocol other than http, https, tcp or udp",
            "SLB 监听使用了 http、https、tcp、udp 以外的协议"
        ),
        zh: "## 检查内容\n\
SLB 监听的 `protocol` 不是 `http`、`https`、`tcp` 或 `udp`（不区分大小写），例如 `ftp` 或 `sftp`。未写协议的监听不做判断。\n\
\n\
## 原因\n\
SLB 的四层负载均衡只支持 TCP 和 UDP，七层只支持 HTTP 和 HTTPS。其他协议（尤其是 FTP 和 SFTP）无法配置；自定义协议需要按普通 TCP 承载。\n\
\n\
## 依据\n\
指南列出的金融云 SLB 特性（第 5 条）：四层只支持 TCP 和 UDP，七层支持 HTTP 和 HTTPS，不支持 FTP、SFTP 协议；SLB 配置说明表还指出自定义协议选择 TCP。",
        check: check,
        fix_note: (
            "none: a custom protocol may travel as tcp or as udp, and FTP or SFTP have to leave the SLB: the designer decides",
            "无：自定义协议可能走 tcp，也可能走 udp；FTP、SFTP 则必须改为不经过 SLB：由设计者决定"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for (_, slb) in slbs(cx) {
        let id = &slb.id;
        for l in &slb.listeners {
            let Some(proto) = l.protocol.as_deref() else {
                continue;
            };
            if matches!(proto, "http" | "https" | "tcp" | "udp") {
                continue;
            }
            let name = listener_name(l);
            let message = text!(
                "listener `{name}` of SLB `{id}` uses protocol `{proto}`: the SLB supports only tcp and udp (layer 4) and http and https (layer 7)",
                "SLB `{id}` 的监听 `{name}` 使用协议 `{proto}`：SLB 只支持四层的 tcp、udp 和七层的 http、https"
            );
            let help = if matches!(proto, "ftp" | "sftp" | "ftps") {
                text!(
                    "the SLB cannot carry `{proto}`: move files over sftp to the ECS through the VPN and bastion, or through an OSS bucket, and drop this listener",
                    "SLB 无法承载 `{proto}`：改为经 VPN 和堡垒机用 sftp 直接向 ECS 传输文件，或通过 OSS 存储桶中转，并删除这个监听"
                )
            } else {
                text!(
                    "use \"protocol\": \"tcp\" (or \"udp\") for a custom protocol, or \"http\"/\"https\" for web traffic",
                    "自定义协议请使用 \"protocol\": \"tcp\"（或 \"udp\"），网站流量使用 \"http\"/\"https\""
                )
            };
            out.report(Some(id), ptr_join(&l.ptr, "protocol"), message, help);
        }
    }
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    crate::rules::helpers::facts::listener_protocols(cx, f);
}
