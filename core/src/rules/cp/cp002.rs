use crate::index::Ctx;
use crate::model::NodeKind;
use crate::rule::Sink;
use crate::text;

use super::ceil;
use crate::numfmt::plain as num;

/// The largest ordinary cloud disk, in GB (2 TB).
const MAX_DISK_GB: f64 = 2048.0;

crate::declare_rule! {
    /// ## What it checks
    /// An ECS data disk (an entry of `disks_gb`) larger than 2048 GB.
    ///
    /// ## Why
    /// A single ordinary cloud disk holds at most 2 TB (the system disk aside). A larger disk
    /// cannot be bought; the data has to be spread over several disks.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "files-1", "kind": "ecs", "zone": "hz-b", "disks_gb": [ 500, 4096 ] } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "files-1", "kind": "ecs", "zone": "hz-b", "disks_gb": [ 500, 2048, 2048 ] } ] }
    /// ```
    ///
    /// ## Source
    /// "Building the recommended architecture" in the classic-network ECS guide: one ordinary
    /// ECS cloud disk supports at most 2 TB of storage, not counting the system disk.
    pub struct DiskOverLimit {
        code: "CP002",
        name: "disk-over-limit",
        severity: Error,
        summary: (
            "An ECS data disk is larger than 2048 GB",
            "ECS 数据盘超过 2048 GB"
        ),
        zh: "## 检查内容\n\
ECS 的数据盘（`disks_gb` 中的一项）大于 2048 GB。\n\
\n\
## 原因\n\
一块普通云盘最多 2 TB（系统盘除外），更大的盘买不到，数据只能分散到多块盘上。\n\
\n\
## 依据\n\
经典网络 ECS 指南“搭建金融云推荐架构”一节：ECS 普通云盘单盘最多支持 2 TB 存储空间，不含系统盘。",
        check: check,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for n in &cx.design.nodes {
        if !n.is(NodeKind::Ecs) {
            continue;
        }
        for (ptr, size) in &n.disks_gb {
            if *size <= MAX_DISK_GB {
                continue;
            }
            let id = &n.id;
            let parts = num(ceil(size / MAX_DISK_GB));
            let size = num(*size);
            out.report(
                Some(id),
                ptr.as_str(),
                text!(
                    "`{id}` has a {size} GB data disk: one cloud disk holds at most 2048 GB",
                    "`{id}` 有一块 {size} GB 的数据盘：单块云盘最多 2048 GB"
                ),
                text!(
                    "replace it with {parts} disks of at most 2048 GB each",
                    "改为 {parts} 块每块不超过 2048 GB 的数据盘"
                ),
            );
        }
    }
}
