//! Every text of the user interface in English and Chinese. `t(lang, "English text")` gives
//! the text in the language; the English text is the key.

use archlint_core::Lang;

/// (English, Chinese) pairs.
const TEXTS: &[(&str, &str)] = &[
    // Big designs: search, findings by rule, minimap.
    ("Search by id or label (Ctrl+F)", "按标识或名称搜索（Ctrl+F）"),
    ("Search results", "搜索结果"),
    ("Nothing matches.", "没有匹配项。"),
    ("Show more", "显示更多"),
    ("Rule filter", "按规则筛选"),
    ("All rules", "全部规则"),
    ("Only the selection's findings", "只看选中项的问题"),
    // What the rules could check (the findings panel's coverage line).
    ("rule lacks facts", "条规则缺少信息"),
    ("rules lack facts", "条规则缺少信息"),
    (
        "These rules skipped what the design does not say. Add it to check the rest:",
        "以下规则跳过了设计中没有写明的内容。补充这些信息即可检查其余部分：",
    ),
    ("Show", "显示"),
    ("Apply", "应用"),
    ("Apply a fix that adds or moves resources?", "应用会新增或移动资源的修复？"),
    ("This fix changes the architecture, not only a setting: review what it does.", "该修复会改变架构，而不只是修改设置：请先确认它做了什么。"),
    ("Fix", "修复"),
    ("Add the ECS to the database's whitelist?", "将该 ECS 加入数据库白名单？"),
    ("The RDS accepts connections only from the addresses on its whitelist.", "RDS 只接受白名单中地址的连接。"),
    ("Add to the whitelist and link", "加入白名单并连线"),
    ("Just link", "仅连线"),
    ("Only an ECS can be linked to the internet: it then needs to reach the internet itself. Links from the internet start at the Internet node.", "只有 ECS 可以连到互联网（表示它需要自己访问互联网）；来自互联网的连线请从“互联网”节点开始画。"),
    ("A line joins two nodes.", "连线须连接两个节点。"),
    ("It cannot go there: that zone has no vSwitch.", "无法放到这里：该可用区没有交换机。"),
    ("Drag a node to move it; drag from the dot on its right edge to draw a link.", "拖动节点可移动它；从节点右侧的圆点拖出可画连线。"),
    ("Draw a link from here", "从这里画连线"),
    ("Internet", "互联网"),
    ("Fix…", "修复…"),
    ("Fix all", "全部修复"),
    ("Fix all…", "全部修复…"),
    ("(unknown)", "（未知）"),
    ("(unset)", "（未设置）"),
    ("Actual size (100%)", "实际大小（100%）"),
    ("Add", "添加"),
    ("Add rule", "添加规则"),
    // Forms, building blocks and the selection (forms & building blocks).
    ("Add…", "添加…"),
    ("Add a rule admitting", "添加规则，允许来自"),
    ("Add listener…", "添加监听…"),
    ("Listener", "监听"),
    ("Remove listener", "删除监听"),
    ("New item", "新条目"),
    ("VPN client pools", "VPN 客户端地址池"),
    ("Other nodes", "其他节点"),
    ("IP address or CIDR…", "IP 地址或网段…"),
    ("Enter an IPv4 address or CIDR block, e.g. 10.0.1.0/24", "请输入 IPv4 地址或网段，例如 10.0.1.0/24"),
    ("Host bits are set below the prefix; the block is", "网段的主机位不为 0；对应的网段是"),
    ("Enter a port (22), a range (2800-3300) or all", "请输入端口（22）、端口范围（2800-3300）或 all"),
    ("Copy", "复制"),
    ("Duplicate", "创建副本"),
    ("selected", "项已选中"),
    (
        "Shift-click adds or removes; Ctrl+C, Ctrl+V, Ctrl+D and Delete act on them all.",
        "按住 Shift 单击可加选或取消；Ctrl+C、Ctrl+V、Ctrl+D 和 Delete 作用于全部选中项。",
    ),
    ("Duplicate into the other zone", "复制到另一可用区"),
    ("Its region has no other zone.", "所在地域没有其他可用区。"),
    ("Delete it with its content?", "连同其中的内容一起删除？"),
    (
        "What you delete holds resources. Keep them (they move to a sibling: a zone's to another zone of its region, a vSwitch's to another vSwitch of its VPC, a VPC's vSwitches to another VPC of its region, a region's to another region), or delete them with it.",
        "要删除的对象中还有资源。可以保留它们（移到同级对象中：可用区中的资源移到本地域的另一个可用区，交换机中的移到本 VPC 的另一个交换机，VPC 的交换机移到本地域的另一个 VPC，地域中的移到另一个地域），也可以一并删除。",
    ),
    ("kept: moves to", "保留时移到"),
    ("nowhere to move it: deleted either way", "没有可移入的同级对象：都会被删除"),
    ("Keep the content", "保留其中的资源"),
    ("Delete the content too", "一并删除其中的资源"),
    ("Bastion", "堡垒机"),
    ("Patterns", "架构模板"),
    ("Web tier: 2 zones + SLB", "Web 层：双可用区 + SLB"),
    ("Bastions + SSL VPN", "堡垒机 + SSL VPN"),
    ("DR copy of the region", "地域的灾备副本"),
    (
        "Shift-click or shift-drag on the canvas selects several.",
        "在画布上按住 Shift 单击或拖框可多选。",
    ),
    ("All rules", "全部规则"),
    (
        "Another tab saved a newer version of the design. Autosave is paused.",
        "另一个标签页保存了更新的设计版本，自动保存已暂停。",
    ),
    ("Architecture diagram", "架构图"),
    ("Canvas", "画布"),
    ("Hide the palette", "收起组件面板"),
    ("Show the palette", "展开组件面板"),
    ("Hide the side panel", "收起侧栏"),
    ("Show the side panel", "展开侧栏"),
    ("Side panel width", "侧栏宽度"),
    ("Close (Esc)", "关闭（Esc）"),
    ("Dark theme", "深色主题"),
    ("Delete (Del)", "删除（Del）"),
    ("Design", "设计"),
    ("Design JSON", "设计 JSON"),
    ("Dismiss", "关闭"),
    ("Enter a number ≥ 0", "请输入不小于 0 的数字"),
    ("Enter a whole number in", "请输入整数，范围"),
    ("Examples", "示例"),
    ("Explain", "说明"),
    ("Export as a Mermaid diagram (Markdown)", "导出为 Mermaid 图（Markdown）"),
    ("Export for draw.io (diagrams.net)", "导出为 draw.io（diagrams.net）文件"),
    ("File", "文件"),
    ("Findings", "检查结果"),
    ("Fit", "适应窗口"),
    ("History", "历史"),
    ("Ignore", "忽略"),
    ("Ignore a finding", "忽略检查结果"),
    ("Ignore…", "忽略…"),
    (
        "Importing the Terraform / ROS files…",
        "正在导入 Terraform / ROS 文件…",
    ),
    ("Ingress rules", "入方向规则"),
    ("Keep mine and overwrite", "保留本页并覆盖"),
    ("Language", "语言"),
    ("Light theme", "浅色主题"),
    ("Line:column", "行:列"),
    ("Link", "连线"),
    ("Link from", "连线起点"),
    ("Links", "连线"),
    ("Load the other tab's version", "载入另一标签页的版本"),
    (
        "Local storage is almost full: the design is saved, its undo history is not.",
        "本地存储将满：设计已保存，但撤销历史未保存。",
    ),
    (
        "Local storage is full: changes are NOT saved. Save the design as a file.",
        "本地存储已满：修改未保存，请将设计另存为文件。",
    ),
    (
        "Local storage is unavailable: changes are NOT saved. Save the design as a file.",
        "本地存储不可用：修改未保存，请将设计另存为文件。",
    ),
    ("Network", "网络"),
    ("New", "新建"),
    (
        "No findings: the design lints clean.",
        "没有发现问题：设计检查通过。",
    ),
    ("Not valid JSON", "JSON 无效"),
    ("Open", "打开"),
    ("Open…", "打开…"),
    ("Palette", "组件面板"),
    ("Paste JSON", "粘贴 JSON"),
    ("Properties", "属性"),
    ("Reason (required)", "原因（必填）"),
    ("Redo", "重做"),
    ("Redo (Ctrl+Shift+Z)", "重做（Ctrl+Shift+Z）"),
    ("Region", "地域"),
    ("Remove", "移除"),
    ("Remove rule", "删除规则"),
    ("Resources", "资源"),
    ("Rule", "规则"),
    ("Rules", "规则"),
    ("Loading the rules' documentation…", "正在加载规则说明…"),
    (
        "The rules' documentation could not be loaded (close this and open it again to retry):",
        "无法加载规则说明（关闭后重新打开即可重试）：",
    ),
    ("Save JSON", "保存 JSON"),
    ("Security group", "安全组"),
    ("Security groups", "安全组"),
    ("Show each node's security groups", "在每个节点上标出其所属安全组"),
    ("Tidy up", "整理布局"),
    (
        "The drawing is laid out afresh: nothing to tidy",
        "当前已是重新排布的图，无需整理",
    ),
    (
        "Lay the drawing out afresh: while you edit, nodes keep their rows and removed ones leave room",
        "重新排布整张图：编辑时各节点保持原来的行，删除的节点留出空位",
    ),
    (
        "Select something on the canvas to edit it.",
        "在画布上选择对象以编辑其属性。",
    ),
    (
        "Select the source node, then press Link.",
        "先选择起点节点，再点击“连线”。",
    ),
    ("Severity filter", "按级别筛选"),
    ("Share link", "分享链接"),
    (
        "The file was not opened; the design is unchanged.",
        "文件未打开，当前设计保持不变。",
    ),
    (
        "The link carries the whole design; it was copied to the clipboard.",
        "链接中包含完整设计，已复制到剪贴板。",
    ),
    ("Traffic", "流量"),
    ("Undo", "撤销"),
    ("Undo (Ctrl+Z)", "撤销（Ctrl+Z）"),
    ("VPC", "专有网络 VPC"),
    ("Zone", "可用区"),
    ("Zoom", "缩放"),
    ("Zoom in", "放大"),
    ("Zoom out", "缩小"),
    (
        "click the target node (Esc cancels)",
        "点击终点节点（Esc 取消）",
    ),
    ("design editor", "设计编辑器"),
    ("intranet", "内网区"),
    ("management", "管理区"),
    ("no", "否"),
    ("vSwitch", "交换机"),
    ("yes", "是"),
];

/// The text in the language (the English key itself when a translation is missing).
pub fn t(lang: Lang, en: &'static str) -> &'static str {
    if lang == Lang::En {
        return en;
    }
    TEXTS
        .iter()
        .find(|(k, _)| *k == en)
        .map(|(_, zh)| *zh)
        .unwrap_or(en)
}

/// The name of a node kind.
pub fn kind_name(lang: Lang, kind: &str) -> &'static str {
    let (en, zh) = match kind {
        "ecs" => ("ECS", "云服务器 ECS"),
        "slb" => ("SLB", "负载均衡 SLB"),
        "rds" => ("RDS", "云数据库 RDS"),
        "oss" => ("OSS", "对象存储 OSS"),
        "vpn" => ("VPN", "VPN 网关"),
        "leased_line" => ("Leased line", "专线"),
        "idc" => ("Data centre (IDC)", "自有数据中心"),
        "eip" => ("EIP", "弹性公网 IP"),
        "nat" => ("NAT gateway", "NAT 网关"),
        "dns" => ("DNS", "云解析 DNS"),
        "apigw" => ("API gateway", "API 网关"),
        "region" => ("Region", "地域"),
        "zone" => ("Zone", "可用区"),
        "vpc" => ("VPC", "专有网络 VPC"),
        "vswitch" => ("vSwitch", "交换机"),
        _ => ("Node", "节点"),
    };
    if lang == Lang::Zh {
        zh
    } else {
        en
    }
}

/// The name of a field of the format in the language ("Public bandwidth (Mbps)" /
/// "公网带宽（Mbps）"); the form shows the JSON key beside it, small, as a hint. An unknown key
/// is its own name.
pub fn field_label(lang: Lang, key: &str) -> &str {
    let (en, zh) = match key {
        "id" => ("Id", "标识"),
        "label" => ("Label", "名称"),
        "name" => ("Design name", "设计名称"),
        "profile" => ("Security profile", "安全等级"),
        "dr" => ("Disaster recovery level", "容灾级别"),
        "network" => ("Network", "网络类型"),
        "role" => ("Role", "角色"),
        "region" => ("Region", "地域"),
        "zone" => ("Zone", "可用区"),
        "vswitch" => ("vSwitch", "交换机"),
        "cidr" => ("CIDR block", "网段"),
        "tier" => ("Tier", "分区"),
        "module" => ("Module", "业务模块"),
        "cpu" => ("CPU cores", "CPU 核数"),
        "memory_gb" => ("Memory (GB)", "内存（GB）"),
        "os" => ("Operating system", "操作系统"),
        "public_bandwidth_mbps" => ("Public bandwidth (Mbps)", "公网带宽（Mbps）"),
        "security_groups" => ("Security groups", "安全组"),
        "autostart" => ("Starts at boot", "开机自启动"),
        "disks_gb" => ("Data disks (GB)", "数据盘（GB）"),
        "listens" => ("Listening ports", "监听端口"),
        "paths" => ("URL paths served", "URL 路径"),
        "stateful" => ("Keeps user sessions in memory", "有状态（会话在内存中）"),
        "needs_internet" => ("Needs to reach the internet", "需要访问互联网"),
        "reconnect" => ("Reconnects to its database", "数据库自动重连"),
        "scope" => ("Scope", "访问类型"),
        "bandwidth_mbps" => ("Bandwidth (Mbps)", "带宽（Mbps）"),
        "listeners" => ("Listeners", "监听"),
        "backends" => ("Backends", "后端服务器"),
        "engine" => ("Engine", "数据库引擎"),
        "whitelist" => ("Whitelist", "白名单"),
        "public" => ("Public endpoint", "公网连接"),
        "storage_gb" => ("Storage (GB)", "存储空间（GB）"),
        "sizing" => ("Workload sizing", "业务量估算"),
        "replica_of" => ("Disaster-recovery copy of", "灾备源实例"),
        "acl" => ("Access control", "读写权限"),
        "replicates_to" => ("Replicates to", "跨地域复制到"),
        "redundancy" => ("Redundancy", "冗余类型"),
        "category" => ("Edition", "系列"),
        "zones" => ("Zones", "可用区"),
        "type" => ("Type", "类型"),
        "client_ips" => ("Client address pool", "客户端地址池"),
        "peer" => ("Peer gateway", "对端网关"),
        "connects" => ("Connects the data centre", "连接的机房"),
        "carrier" => ("Carrier", "运营商"),
        "nat_ips" => ("Interconnect addresses", "互联地址数"),
        "tps" => ("Transactions per second", "每秒交易数"),
        "transaction_kb" => ("Transaction size (KB)", "单笔交易（KB）"),
        "attached_to" => ("Attached to", "绑定到"),
        "rules" => ("NAT rules", "规则数"),
        "failover" => ("Failover to the DR site", "故障切换"),
        "auth" => ("Authentication", "认证方式"),
        "rate_limit" => ("Rate limiting", "限流"),
        "from" => ("From", "来源"),
        "to" => ("To", "目标"),
        "port" => ("Port", "端口"),
        "protocol" => ("Protocol", "协议"),
        "action" => ("Action", "动作"),
        "ports" => ("Ports", "端口范围"),
        "backend_port" => ("Backend port", "后端端口"),
        "sticky" => ("Sticky sessions", "会话保持"),
        "certificate" => ("Certificate on the SLB", "证书托管在 SLB"),
        "health_check" => ("Health check", "健康检查"),
        "enabled" => ("Enabled", "开启"),
        "path" => ("Path", "检查路径"),
        "vendor" => ("Vendor", "厂商"),
        "model" => ("Model", "型号"),
        "public_ip" => ("Public IP address", "公网 IP"),
        "behind_nat" => ("Behind NAT", "位于 NAT 之后"),
        "daily_transactions" => ("Transactions per day", "日交易量（笔）"),
        "retention_days" => ("Retention (days)", "保留天数"),
        _ => return key,
    };
    if lang == Lang::Zh {
        zh
    } else {
        en
    }
}

/// The text of a value of an enumeration: in Chinese with the value itself, in English the
/// value in words where that says more; other values as they are.
pub fn value_label(lang: Lang, value: &str) -> String {
    let (en, zh) = match value {
        "accept" => ("Accept", "允许"),
        "drop" => ("Drop", "拒绝"),
        "all" => ("All", "全部"),
        "app" => ("Application", "应用"),
        "bastion" => ("Bastion", "堡垒机"),
        "database" => ("Database on ECS", "自建数据库"),
        "test" => ("Test", "测试"),
        "dmz" => ("DMZ", "互联网区"),
        "management" => ("Management", "管理区"),
        "intranet" => ("Intranet", "内网区"),
        "public" => ("Public", "公网"),
        "private" => ("Private", "私网"),
        "classic" => ("Classic network", "经典网络"),
        "vpc" => ("VPC", "专有网络"),
        "primary" => ("Primary", "生产"),
        "dr" => ("Disaster recovery", "灾备"),
        "standard" => ("Standard", "标准"),
        "high-security" => ("High security", "高安全"),
        "same-city" => ("Same city", "同城"),
        "two-region" => ("Two regions", "两地"),
        "two-region-three-center" => ("Two regions, three centres", "两地三中心"),
        "internal" => ("Internal", "内网"),
        "external" => ("External", "外网"),
        "telecom" => ("China Telecom", "电信"),
        "unicom" => ("China Unicom", "联通"),
        "mobile" => ("China Mobile", "移动"),
        _ => return value.to_string(),
    };
    if lang == Lang::Zh {
        if zh == value {
            return value.to_string();
        }
        format!("{zh} ({value})")
    } else {
        en.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `t(lang, "...")` in the components has a Chinese text.
    #[test]
    fn every_ui_text_is_translated() {
        let sources = [
            include_str!("components/app.rs"),
            include_str!("components/canvas/mod.rs"),
            include_str!("components/canvas/area.rs"),
            include_str!("components/canvas/edge.rs"),
            include_str!("components/canvas/node.rs"),
            include_str!("components/coverage.rs"),
            include_str!("components/dialogs.rs"),
            include_str!("components/file_menu.rs"),
            include_str!("components/findings.rs"),
            include_str!("components/finding_item.rs"),
            include_str!("components/palette.rs"),
            include_str!("components/properties.rs"),
            include_str!("components/rule_browser.rs"),
            include_str!("components/search_box.rs"),
            include_str!("components/toolbar.rs"),
        ];
        let mut missing = Vec::new();
        for src in sources {
            for part in src.split("t(lang, \"").skip(1) {
                let key = &part[..part.find('"').unwrap()];
                if !TEXTS.iter().any(|(k, zh)| *k == key && !zh.is_empty()) {
                    missing.push(key.to_string());
                }
            }
        }
        assert!(missing.is_empty(), "untranslated: {missing:?}");
        let mut fields: Vec<&str> = crate::schema::kinds()
            .flat_map(|k| crate::schema::node_fields(k).iter().map(|f| f.0))
            .collect();
        for list in [
            crate::schema::REGION,
            crate::schema::VPC,
            crate::schema::VSWITCH,
            crate::schema::LINK,
            crate::schema::TOP,
            crate::schema::SG_RULE,
            crate::schema::LISTENER,
            crate::schema::HEALTH_CHECK,
            crate::schema::PEER,
            crate::schema::SIZING,
        ] {
            fields.extend(list.iter().map(|f| f.0));
        }
        fields.extend(["id", "label"]);
        for f in fields {
            assert_ne!(field_label(Lang::Zh, f), f, "no Chinese label for `{f}`");
            assert_ne!(field_label(Lang::En, f), f, "no English label for `{f}`");
            assert_ne!(field_label(Lang::En, f), field_label(Lang::Zh, f));
        }
        for k in crate::schema::kinds() {
            assert_ne!(kind_name(Lang::Zh, k), kind_name(Lang::En, k));
        }
    }
}
