"""The national 功能分类 (functional classification of spending): each 类's code and the name
公开01/04 print for it. Data, shared by the rules that read a 类 by its name (crosstable, prose)
and by the extractor, which takes an item of a list of main uses for a 类 only when it is
named so (or written with （类）).
"""

from __future__ import annotations

CLASS_NAMES = {
    "201": "一般公共服务支出", "202": "外交支出", "203": "国防支出", "204": "公共安全支出",
    "205": "教育支出", "206": "科学技术支出", "207": "文化旅游体育与传媒支出",
    "208": "社会保障和就业支出", "210": "卫生健康支出", "211": "节能环保支出",
    "212": "城乡社区支出", "213": "农林水支出", "214": "交通运输支出",
    "215": "资源勘探工业信息等支出", "216": "商业服务业等支出", "217": "金融支出",
    "219": "援助其他地区支出", "220": "自然资源海洋气象等支出", "221": "住房保障支出",
    "222": "粮油物资储备支出", "223": "国有资本经营预算支出", "224": "灾害防治及应急管理支出",
    "227": "预备费", "229": "其他支出", "231": "债务还本支出", "232": "债务付息支出",
    "234": "抗疫特别国债安排的支出",
}  # fmt: skip


def class_code(name: str) -> str | None:
    """The code of the 类 ``name`` (with or without its 支出: 一般公共服务, 一般公共服务支出)."""
    return _CODES.get(name.removesuffix("支出"))


_CODES = {name.removesuffix("支出"): code for code, name in CLASS_NAMES.items()}
