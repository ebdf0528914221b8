<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
    <context>
        <name>Messages</name>
        <message>
            <source> in {unit}</source>
            <translation>（{unit}）</translation>
        </message>
        <message>
            <source> {unit}</source>
            <translation> {unit}</translation>
        </message>
        <message>
            <source>"{name}" is not a field of the {form} form.</source>
            <translation>“{name}”不是{form}表单的字段。</translation>
        </message>
        <message>
            <source>"{text}"</source>
            <translation>“{text}”</translation>
        </message>
        <message>
            <source>(automatic)</source>
            <translation>（自动）</translation>
        </message>
        <message>
            <source>1 new query</source>
            <translation>1 条新质疑</translation>
        </message>
        <message>
            <source>A Child-Pugh score must be between 5 and 15; {score} was given.</source>
            <translation>Child-Pugh 评分必须在 5 到 15 分之间；给出的是 {score}。</translation>
        </message>
        <message>
            <source>A Child-Pugh score of {score} belongs to no randomization stratum.</source>
            <translation>Child-Pugh 评分 {score} 分不属于任何随机化分层。</translation>
        </message>
        <message>
            <source>A different coordinating centre key is already pinned; confirm the new fingerprint and replace it explicitly.</source>
            <translation>已固定了另一个协调中心密钥；请确认新的指纹并明确替换。</translation>
        </message>
        <message>
            <source>A list needs at least 1 allocation; {length!r} was given.</source>
            <translation>随机分配表至少需要 1 个分配；给出的是 {length!r}。</translation>
        </message>
        <message>
            <source>A printer name has at most 127 letters, digits and signs, without spaces, slashes, # or quotes.</source>
            <translation>打印机名称最多 127 个字母、数字和符号，不能含空格、斜杠、# 或引号。</translation>
        </message>
        <message>
            <source>A protocol version cannot take effect before today ({today}).</source>
            <translation>方案版本的生效日期不能早于今天（{today}）。</translation>
        </message>
        <message>
            <source>A query text may hold at most {limit} characters.</source>
            <translation>质疑文本最多 {limit} 个字符。</translation>
        </message>
        <message>
            <source>A reason is required to change or delete data that was already saved.</source>
            <translation>修改或删除已保存的数据必须填写原因。</translation>
        </message>
        <message>
            <source>A removed item in the bundle's clinical data still has a value.</source>
            <translation>数据包临床数据中一个已删除的条目仍带有值。</translation>
        </message>
        <message>
            <source>A signature in the bundle's clinical data is incomplete.</source>
            <translation>数据包临床数据中的一个签名不完整。</translation>
        </message>
        <message>
            <source>A site already exists in {folder}; it was left untouched.</source>
            <translation>{folder} 中已有一个中心；未对其做任何改动。</translation>
        </message>
        <message>
            <source>A site id is needed for an allocation list.</source>
            <translation>随机分配表需要中心编号。</translation>
        </message>
        <message>
            <source>A site package may only carry queries of its own site.</source>
            <translation>站点数据包只能包含本站点的质疑。</translation>
        </message>
        <message>
            <source>A user name is 2-32 characters: a letter, then letters, digits, '.', '_' or '-'.</source>
            <translation>用户名为 2-32 个字符：以字母开头，之后为字母、数字、“.”、“_”或“-”。</translation>
        </message>
        <message>
            <source>A4</source>
            <translation>A4</translation>
        </message>
        <message>
            <source>AE</source>
            <translation>不良事件</translation>
        </message>
        <message>
            <source>Account {user_id} ({name})</source>
            <translation>账户 {user_id}（{name}）</translation>
        </message>
        <message>
            <source>Adverse event {ae_number} of {subject_id} is not serious; the SAE report is for serious adverse events only.</source>
            <translation>{subject_id} 的不良事件 {ae_number} 不是严重不良事件；SAE 报告仅用于严重不良事件。</translation>
        </message>
        <message>
            <source>Allocation list {list_id} does not match what its centre signed; it was not loaded.</source>
            <translation>随机分配表 {list_id} 与协调中心签名的内容不一致；未载入。</translation>
        </message>
        <message>
            <source>Allocation list {list_id} does not open with this site's randomization key.</source>
            <translation>随机分配表 {list_id} 无法用本中心的随机化密钥打开。</translation>
        </message>
        <message>
            <source>Allocation list {list_id} is already loaded.</source>
            <translation>随机分配表 {list_id} 已载入。</translation>
        </message>
        <message>
            <source>Allocation list {list_id} is list {number} for stratum {stratum}, but the site holds {held}; lists are appended in order (import the centre's latest site package).</source>
            <translation>随机分配表 {list_id} 是分层 {stratum} 的第 {number} 份，但本中心已有 {held} 份；分配表须按顺序追加（请导入协调中心最新的中心数据包）。</translation>
        </message>
        <message>
            <source>Allocation list {list_id} is not signed by this site's coordinating centre ({reason}); it was not loaded.</source>
            <translation>随机分配表 {list_id} 不是由本中心绑定的协调中心签名的（{reason}）；未载入。</translation>
        </message>
        <message>
            <source>Allocation lists are running low ({strata}; fewer than {below} left): send the centre a bundle and import its site package, which brings the continuation lists.</source>
            <translation>随机分配表即将用尽（{strata}；剩余不足 {below} 个）：请向协调中心发送数据包，并导入其返回的中心数据包，其中包含续用分配表。</translation>
        </message>
        <message>
            <source>An audit row in the bundle is malformed.</source>
            <translation>数据包中有一条稽查记录格式错误。</translation>
        </message>
        <message>
            <source>An entry of the audit trail names {what}, which protocol version {version} does not declare; nothing was exported.</source>
            <translation>稽查轨迹中的一条记录提到 {what}，但方案版本 {version} 未声明它；未导出任何内容。</translation>
        </message>
        <message>
            <source>An investigator must sign the eligibility before randomization.</source>
            <translation>随机化之前必须由研究者签署入选资格。</translation>
        </message>
        <message>
            <source>An item in the bundle's clinical data does not say how it changed.</source>
            <translation>数据包临床数据中的一个条目没有说明它是如何更改的。</translation>
        </message>
        <message>
            <source>An item in the bundle's clinical data has both a value and none, or neither.</source>
            <translation>数据包临床数据中的一个条目同时有值和空值，或两者都没有。</translation>
        </message>
        <message>
            <source>An item in the bundle's clinical data has no complete audit record.</source>
            <translation>数据包临床数据中的一个条目没有完整的稽查记录。</translation>
        </message>
        <message>
            <source>An item in the bundle's clinical data is in a unit {unit} its definition does not allow.</source>
            <translation>数据包临床数据中的一个条目使用了其定义不允许的单位 {unit}。</translation>
        </message>
        <message>
            <source>An item in the bundle's clinical data is in an undeclared unit.</source>
            <translation>数据包临床数据中的一个条目使用了未声明的单位。</translation>
        </message>
        <message>
            <source>An item in the bundle's clinical data names an audit record that is not a sequence number.</source>
            <translation>数据包临床数据中的一个条目所指的稽查记录不是序号。</translation>
        </message>
        <message>
            <source>An item in the bundle's clinical data states two units.</source>
            <translation>数据包临床数据中的一个条目给出了两个单位。</translation>
        </message>
        <message>
            <source>Answer "{label}" with yes or no when {other} is {choices}.</source>
            <translation>{other}为{choices}时，请回答“{label}”：是或否。</translation>
        </message>
        <message>
            <source>Answer "{label}" with yes or no.</source>
            <translation>请回答“{label}”：是或否。</translation>
        </message>
        <message>
            <source>Answer "{label}" with yes, no or not known when {other} is {choices}.</source>
            <translation>{other}为{choices}时，请回答“{label}”：是、否或不详。</translation>
        </message>
        <message>
            <source>Answer "{label}" with yes, no or not known.</source>
            <translation>请回答“{label}”：是、否或不详。</translation>
        </message>
        <message>
            <source>Answer every eligibility criterion before randomization.</source>
            <translation>随机化之前请回答每一项入选资格标准。</translation>
        </message>
        <message>
            <source>Ascites must be absent, slight or moderate; {value!r} was entered.</source>
            <translation>腹水必须为 absent（无）、slight（少量）或 moderate（中至大量）；输入的是 {value!r}。</translation>
        </message>
        <message>
            <source>Ask for at least one demo participant.</source>
            <translation>请至少要求一名演示受试者。</translation>
        </message>
        <message>
            <source>Audit record {seq} differs from the one the centre acknowledged: the trail was rewritten from there on.</source>
            <translation>第 {seq} 条稽查记录与协调中心确认的不一致：轨迹从此处起被改写。</translation>
        </message>
        <message>
            <source>Audit record {seq} is not the one sealed after it was written: the trail was rewritten from there on.</source>
            <translation>第 {seq} 条稽查记录与写入后封存的不一致：轨迹从此处起被改写。</translation>
        </message>
        <message>
            <source>Baseline weight</source>
            <translation>基线体重</translation>
        </message>
        <message>
            <source>Block sizes must be positive even numbers for 1:1 allocation; {sizes} was given.</source>
            <translation>1:1 分配的区组大小必须是正偶数；给出的是 {sizes}。</translation>
        </message>
        <message>
            <source>Cannot create the folder {folder}: {problem}.</source>
            <translation>无法创建文件夹 {folder}：{problem}。</translation>
        </message>
        <message>
            <source>Cannot open {path}: check that the folder exists and is writable.</source>
            <translation>无法打开 {path}：请检查该文件夹是否存在且可写。</translation>
        </message>
        <message>
            <source>Cannot reach the centre at {endpoint} after {attempts} attempts ({problem}); the bundles stay in the outbox.</source>
            <translation>尝试 {attempts} 次后仍无法连接 {endpoint} 的协调中心（{problem}）；数据包保留在发件箱中。</translation>
        </message>
        <message>
            <source>Cannot read {path}: {problem}.</source>
            <translation>无法读取 {path}：{problem}。</translation>
        </message>
        <message>
            <source>Cannot use {path} as the centre's certificate: {problem}.</source>
            <translation>无法将 {path} 用作协调中心的证书：{problem}。</translation>
        </message>
        <message>
            <source>Cannot write {path}: {problem}.</source>
            <translation>无法写入 {path}：{problem}。</translation>
        </message>
        <message>
            <source>Cannot write {target}: {problem}.</source>
            <translation>无法写入 {target}：{problem}。</translation>
        </message>
        <message>
            <source>Cell concentration</source>
            <translation>细胞浓度</translation>
        </message>
        <message>
            <source>Child-Pugh score is {score} (class {cp_class}).</source>
            <translation>Child-Pugh 评分为 {score} 分（{cp_class} 级）。</translation>
        </message>
        <message>
            <source>Child-Pugh score is {score} (class {cp_class}); {minimum} or more is required.</source>
            <translation>Child-Pugh 评分为 {score} 分（{cp_class} 级）；要求 {minimum} 分或以上。</translation>
        </message>
        <message>
            <source>Consent</source>
            <translation>知情同意</translation>
        </message>
        <message>
            <source>Consent is already recorded for {subject_id}; edit it instead.</source>
            <translation>{subject_id} 的知情同意已记录；请改为编辑。</translation>
        </message>
        <message>
            <source>Date consent signed cannot be before the registration date.</source>
            <translation>知情同意签署日期不能早于登记日期。</translation>
        </message>
        <message>
            <source>Demo data goes only on a demo site (one set up as a demo, e.g. with the set-up wizard's demo check box); this site is a real one.</source>
            <translation>演示数据只能录入演示中心（设置时作为演示中心创建，例如勾选设置向导中的演示中心复选框）；本中心是真实中心。</translation>
        </message>
        <message>
            <source>Dialysis must be answered yes or no; {value!r} was entered.</source>
            <translation>透析必须回答是或否；输入的是 {value!r}。</translation>
        </message>
        <message>
            <source>Dose per kg</source>
            <translation>每千克剂量</translation>
        </message>
        <message>
            <source>Dose per kg must be more than 0 cells/kg; {dose} was entered.</source>
            <translation>每千克剂量必须大于 0 个细胞/kg；输入的是 {dose}。</translation>
        </message>
        <message>
            <source>Eligibility can be signed only when every criterion is answered.</source>
            <translation>只有在每一项标准都已回答后才能签署入选资格。</translation>
        </message>
        <message>
            <source>End of study</source>
            <translation>研究结束</translation>
        </message>
        <message>
            <source>Expected a {expected}, found a {found}.</source>
            <translation>应为{expected}，实际为{found}。</translation>
        </message>
        <message>
            <source>Export the account events as a .csv file.</source>
            <translation>请将账户事件导出为 .csv 文件。</translation>
        </message>
        <message>
            <source>Export the history as a .csv or a .pdf file.</source>
            <translation>请将历史导出为 .csv 或 .pdf 文件。</translation>
        </message>
        <message>
            <source>Give both the date weighed and the infusion date, or neither.</source>
            <translation>请同时填写称重日期和输注日期，或两者都不填。</translation>
        </message>
        <message>
            <source>Give the reason for changing saved consent data.</source>
            <translation>请填写修改已保存知情同意数据的原因。</translation>
        </message>
        <message>
            <source>Give the reason for changing saved registration data.</source>
            <translation>请填写修改已保存登记数据的原因。</translation>
        </message>
        <message>
            <source>Give the reason for overriding the release limit.</source>
            <translation>请填写越权放行的原因。</translation>
        </message>
        <message>
            <source>Give the reason for this follow-up change.</source>
            <translation>请填写此次随访修改的原因。</translation>
        </message>
        <message>
            <source>HBsAg is negative, so the cirrhosis is not HBV-related</source>
            <translation>HBsAg阴性，肝硬化并非乙肝病毒相关</translation>
        </message>
        <message>
            <source>HBsAg positive on {tested}</source>
            <translation>{tested} HBsAg阳性</translation>
        </message>
        <message>
            <source>Hepatic encephalopathy grade must be a West Haven grade from 0 to 4; {value!r} was entered.</source>
            <translation>肝性脑病分级必须是 0 到 4 的 West Haven 分级；输入的是 {value!r}。</translation>
        </message>
        <message>
            <source>I assessed the causality of this adverse event</source>
            <translation>我已评估此不良事件的因果关系</translation>
        </message>
        <message>
            <source>I authorise infusion of a product below the viability release limit</source>
            <translation>我授权输注活率低于放行标准的产品</translation>
        </message>
        <message>
            <source>I confirm this participant's eligibility</source>
            <translation>我确认该受试者的入选资格</translation>
        </message>
        <message>
            <source>I prepared this dose as calculated</source>
            <translation>我已按计算结果配制此剂量</translation>
        </message>
        <message>
            <source>I verified this dose independently</source>
            <translation>我已独立核对此剂量</translation>
        </message>
        <message>
            <source>INR</source>
            <translation>国际标准化比值（INR）</translation>
        </message>
        <message>
            <source>Identity (site only)</source>
            <translation>身份信息（仅限本中心）</translation>
        </message>
        <message>
            <source>Infusion</source>
            <translation>输注</translation>
        </message>
        <message>
            <source>Initials are letters only, e.g. WL.</source>
            <translation>姓名缩写只能是字母，例如 WL。</translation>
        </message>
        <message>
            <source>Investigator</source>
            <translation>研究者</translation>
        </message>
        <message>
            <source>Item retired from the form {form} (no longer asked): {item}.</source>
            <translation>表单“{form}”中停用的项目（不再填写）：{item}。</translation>
        </message>
        <message>
            <source>Language must be "en" or "zh"; "{value}" was given.</source>
            <translation>语言必须为“en”或“zh”；给出的是“{value}”。</translation>
        </message>
        <message>
            <source>Monitor (read-only)</source>
            <translation>监查员（只读）</translation>
        </message>
        <message>
            <source>New answer: {code} ({label}).</source>
            <translation>新增选项：{code}（{label}）。</translation>
        </message>
        <message>
            <source>New form: {form}.</source>
            <translation>新增表单：{form}。</translation>
        </message>
        <message>
            <source>New item on the form {form}: {item}.</source>
            <translation>表单“{form}”新增项目：{item}。</translation>
        </message>
        <message>
            <source>New visit: {visit}, {timing}.</source>
            <translation>新增访视：{visit}，{timing}。</translation>
        </message>
        <message>
            <source>No allocation list with free entries is loaded for stratum {stratum}; import the centre's site package.</source>
            <translation>分层 {stratum} 没有载入尚有空位的随机分配表；请导入协调中心的中心数据包。</translation>
        </message>
        <message>
            <source>No change to visits, forms, items or ranges.</source>
            <translation>访视、表单、项目和范围均无变更。</translation>
        </message>
        <message>
            <source>No consent is recorded for {subject_id} yet; record it first.</source>
            <translation>{subject_id} 尚未记录知情同意；请先记录。</translation>
        </message>
        <message>
            <source>No coordinating centre key is pinned yet; an administrator imports it in Tools &gt; Coordinating centre.</source>
            <translation>尚未固定协调中心密钥；请管理员在“工具 &gt; 协调中心”中导入。</translation>
        </message>
        <message>
            <source>No printer was chosen: choose a printer, or save the PDF instead.</source>
            <translation>未选择打印机：请选择一台打印机，或改为保存 PDF。</translation>
        </message>
        <message>
            <source>No site key file in {folder}: this folder holds no site.</source>
            <translation>{folder} 中没有中心密钥文件：此文件夹中没有中心。</translation>
        </message>
        <message>
            <source>One ODM study holds the versions of one protocol; these are of {studies}.</source>
            <translation>一个ODM研究只能包含同一方案的各个版本；这些版本分别属于 {studies}。</translation>
        </message>
        <message>
            <source>Only a new, empty site can be made a demo site; this one already holds participants or allocation lists.</source>
            <translation>只有新建的空中心才能设为演示中心；本中心已有受试者或随机分配表。</translation>
        </message>
        <message>
            <source>Only a site administrator may change this setting.</source>
            <translation>只有中心管理员可以更改此设置。</translation>
        </message>
        <message>
            <source>Only a site administrator may restore a backup.</source>
            <translation>只有中心管理员可以恢复备份。</translation>
        </message>
        <message>
            <source>Only serious adverse events have a reporting deadline.</source>
            <translation>只有严重不良事件有报告时限。</translation>
        </message>
        <message>
            <source>Only {roles} may {action}.</source>
            <translation>只有{roles}可以{action}。</translation>
        </message>
        <message>
            <source>Paper must be "a4" or "letter"; "{value}" was given.</source>
            <translation>纸张必须为“a4”或“letter”；给出的是“{value}”。</translation>
        </message>
        <message>
            <source>Participant</source>
            <translation>受试者</translation>
        </message>
        <message>
            <source>Plan the {visit_code} dose first (weight and product), then log the infusion.</source>
            <translation>请先计划 {visit_code} 剂量（体重和产品），再记录输注。</translation>
        </message>
        <message>
            <source>Print job {job} is not known to the printing service.</source>
            <translation>打印服务中没有打印作业 {job}。</translation>
        </message>
        <message>
            <source>Printer {printer} cannot print PDF documents: choose another printer, or save the PDF instead.</source>
            <translation>打印机 {printer} 无法打印 PDF 文档：请选择其他打印机，或改为保存 PDF。</translation>
        </message>
        <message>
            <source>Printer {printer} is not accepting jobs now: choose another printer, retry when it accepts jobs again, or save the PDF instead.</source>
            <translation>打印机 {printer} 目前不接受打印作业：请选择其他打印机，待其恢复接受作业后重试，或改为保存 PDF。</translation>
        </message>
        <message>
            <source>Printer {printer} is not installed on this computer (any more): choose another printer, or save the PDF instead.</source>
            <translation>打印机 {printer} 未安装在本计算机上（或已被移除）：请选择其他打印机，或改为保存 PDF。</translation>
        </message>
        <message>
            <source>Printer {printer} is set up for {loaded} paper but this sheet is {paper}: load {paper} paper and set the printer to it, then retry; or save the PDF instead.</source>
            <translation>打印机 {printer} 的纸张设置为 {loaded}，但此表单为 {paper}：请装入 {paper} 纸张并相应设置打印机后重试；或改为保存 PDF。</translation>
        </message>
        <message>
            <source>Printer {printer} is stopped ({why}): restart it and retry, choose another printer, or save the PDF instead.</source>
            <translation>打印机 {printer} 已停止（{why}）：请重新启用后重试，选择其他打印机，或改为保存 PDF。</translation>
        </message>
        <message>
            <source>Printer {printer} is stopped: restart it and retry, choose another printer, or save the PDF instead.</source>
            <translation>打印机 {printer} 已停止：请重新启用后重试，选择其他打印机，或改为保存 PDF。</translation>
        </message>
        <message>
            <source>Printer {printer} refused the sheet ({problem}): retry, choose another printer, or save the PDF instead.</source>
            <translation>打印机 {printer} 拒绝了此表单（{problem}）：请重试，选择其他打印机，或改为保存 PDF。</translation>
        </message>
        <message>
            <source>Protocol deviation</source>
            <translation>方案偏离</translation>
        </message>
        <message>
            <source>Protocol version {other} takes effect on {other_date}; version {version} cannot take effect on {date}, as versions take effect in their order.</source>
            <translation>方案版本 {other} 于 {other_date} 生效；版本须按顺序生效，因此版本 {version} 不能于 {date} 生效。</translation>
        </message>
        <message>
            <source>Protocol version {version} is in effect since {date}; that cannot change.</source>
            <translation>方案版本 {version} 已自 {date} 起生效，不能再更改。</translation>
        </message>
        <message>
            <source>Protocol version {version} is not newer than version {current}.</source>
            <translation>方案版本 {version} 并不比版本 {current} 新。</translation>
        </message>
        <message>
            <source>Protocol version {version} would remove what data may already use: {problems}. Declare what is no longer asked as "retired" instead.</source>
            <translation>方案版本 {version} 会删除已录入数据可能用到的内容：{problems}。不再填写的内容请声明为“retired”（停用），而不是删除。</translation>
        </message>
        <message>
            <source>Query {number} answered.</source>
            <translation>质疑 {number} 已回答。</translation>
        </message>
        <message>
            <source>Query {number} arrived again with another item or number.</source>
            <translation>质疑 {number} 再次到达时的条目或编号不同。</translation>
        </message>
        <message>
            <source>Query {number} is closed; it cannot be answered.</source>
            <translation>质疑 {number} 已关闭，不能再回答。</translation>
        </message>
        <message>
            <source>Query {number}'s item is not one this site can correct; answer it with a text.</source>
            <translation>质疑 {number} 的项目不能在本中心更正；请用文字回答。</translation>
        </message>
        <message>
            <source>Randomization</source>
            <translation>随机化</translation>
        </message>
        <message>
            <source>Randomize the participant first; visits and infusions start from day 0.</source>
            <translation>请先将受试者随机化；访视和输注从第 0 天开始。</translation>
        </message>
        <message>
            <source>Record the participant's informed consent first.</source>
            <translation>请先记录受试者的知情同意。</translation>
        </message>
        <message>
            <source>Relationship must be one of: {choices}.</source>
            <translation>相关性必须是以下之一：{choices}。</translation>
        </message>
        <message>
            <source>Research nurse</source>
            <translation>研究护士</translation>
        </message>
        <message>
            <source>Say which visit, form or item is verified.</source>
            <translation>请说明核对的是哪次访视、哪个表单或哪个项目。</translation>
        </message>
        <message>
            <source>Say why the visit was missed.</source>
            <translation>请说明错过访视的原因。</translation>
        </message>
        <message>
            <source>Screening</source>
            <translation>筛选</translation>
        </message>
        <message>
            <source>Screening number {screening_number} is already registered.</source>
            <translation>筛选号 {screening_number} 已登记。</translation>
        </message>
        <message>
            <source>Screening values are entered on the screening form.</source>
            <translation>筛选数值在筛选表单中录入。</translation>
        </message>
        <message>
            <source>Sex must be F or M for MELD 3.0; {sex!r} was entered.</source>
            <translation>计算 MELD 3.0 时性别必须为 F 或 M；输入的是 {sex!r}。</translation>
        </message>
        <message>
            <source>Signature</source>
            <translation>签名</translation>
        </message>
        <message>
            <source>Signature ({kind})</source>
            <translation>签名（{kind}）</translation>
        </message>
        <message>
            <source>Site administrator</source>
            <translation>中心管理员</translation>
        </message>
        <message>
            <source>Source verification of {item} ({subject}) cleared by this change.</source>
            <translation>此次修改撤销了 {item}（{subject}）的源数据核对。</translation>
        </message>
        <message>
            <source>That is not a recovery key: it has 8 groups of 5 letters and digits.</source>
            <translation>这不是恢复密钥：恢复密钥由 8 组、每组 5 个字母和数字组成。</translation>
        </message>
        <message>
            <source>That participant does not exist at this site.</source>
            <translation>本中心不存在该受试者。</translation>
        </message>
        <message>
            <source>That recovery key does not open this site's database.</source>
            <translation>该恢复密钥打不开本中心的数据库。</translation>
        </message>
        <message>
            <source>The Chinese font {file} is missing, so no sheet can be printed: install the package fonts-droid-fallback (or reinstall the app).</source>
            <translation>缺少中文字体 {file}，无法打印任何表单：请安装 fonts-droid-fallback 软件包（或重新安装本软件）。</translation>
        </message>
        <message>
            <source>The administrator's full name is required.</source>
            <translation>必须填写管理员姓名。</translation>
        </message>
        <message>
            <source>The allocation list for stratum {stratum} at site {site_id} is used up; ask the coordinating center for a new list.</source>
            <translation>中心 {site_id} 分层 {stratum} 的随机分配表已用完；请向协调中心索取新的分配表。</translation>
        </message>
        <message>
            <source>The allocation list has an unbalanced block.</source>
            <translation>随机分配表中有不平衡的区组。</translation>
        </message>
        <message>
            <source>The allocation list has an unknown stratum {stratum}.</source>
            <translation>随机分配表含有未知分层 {stratum}。</translation>
        </message>
        <message>
            <source>The allocation list has {entries} entries; at least {minimum} are needed for an expected enrolment of {expected_enrolment}.</source>
            <translation>随机分配表有 {entries} 条；预计入组 {expected_enrolment} 人时至少需要 {minimum} 条。</translation>
        </message>
        <message>
            <source>The allocation list holds unknown arms; it was not loaded.</source>
            <translation>随机分配表中含有未知的组别；未载入。</translation>
        </message>
        <message>
            <source>The allocation list is for protocol {listed}, not {expected}.</source>
            <translation>该随机分配表属于方案 {listed}，而不是 {expected}。</translation>
        </message>
        <message>
            <source>The allocation list is for site {site_id}, not for this site.</source>
            <translation>此随机分配表属于中心 {site_id}，不属于本中心。</translation>
        </message>
        <message>
            <source>The allocation list is malformed.</source>
            <translation>随机分配表格式错误。</translation>
        </message>
        <message>
            <source>The allocation list number must be 1 or more; {number} was given.</source>
            <translation>随机分配表编号必须大于等于 1；给出的是 {number}。</translation>
        </message>
        <message>
            <source>The allocation list's blocks do not add up to its length.</source>
            <translation>随机分配表的各区组之和与其长度不符。</translation>
        </message>
        <message>
            <source>The audit trail ends at record {head}, but record {sealed} was sealed after a save: records {first}-{sealed} were removed.</source>
            <translation>稽查轨迹止于第 {head} 条记录，但保存后已封存到第 {sealed} 条记录：第 {first}-{sealed} 条记录已被删除。</translation>
        </message>
        <message>
            <source>The audit trail ends at record {head}, but the centre acknowledged records up to {sealed}: records {first}-{sealed} were removed.</source>
            <translation>稽查轨迹止于第 {head} 条记录，但协调中心已确认收到截至第 {sealed} 条的记录：第 {first}-{sealed} 条记录已被删除。</translation>
        </message>
        <message>
            <source>The audit trail's sealed anchor ({file}) is missing, so the trail cannot be checked for removed records; it may have been deleted to hide a change.</source>
            <translation>稽查轨迹的封存锚点（{file}）缺失，因此无法检查轨迹中是否有记录被删除；它可能是为掩盖改动而被删除的。</translation>
        </message>
        <message>
            <source>The audit trail's sealed anchor ({file}) was altered or does not belong to this database; the trail cannot be checked for removed records.</source>
            <translation>稽查轨迹的封存锚点（{file}）已被改动，或不属于此数据库；无法检查轨迹中是否有记录被删除。</translation>
        </message>
        <message>
            <source>The awareness, report and current times must all have a time zone, or none of them.</source>
            <translation>获知时间、报告时间和当前时间必须都带时区，或都不带时区。</translation>
        </message>
        <message>
            <source>The backup could not be put in place ({problem}); the current database is unchanged.</source>
            <translation>无法放入备份（{problem}）；当前数据库未改变。</translation>
        </message>
        <message>
            <source>The backup could not be read: {problem}.</source>
            <translation>无法读取备份：{problem}。</translation>
        </message>
        <message>
            <source>The backup could not be written to {target}: {problem}.</source>
            <translation>无法将备份写入 {target}：{problem}。</translation>
        </message>
        <message>
            <source>The backup could not be written: {problem}.</source>
            <translation>无法写入备份：{problem}。</translation>
        </message>
        <message>
            <source>The backup file {name} is damaged or is not an MSC Desktop backup; nothing was changed.</source>
            <translation>备份文件 {name} 已损坏或不是 MSC Desktop 备份；未做任何更改。</translation>
        </message>
        <message>
            <source>The backup file {path} does not exist.</source>
            <translation>备份文件 {path} 不存在。</translation>
        </message>
        <message>
            <source>The backup folder must be a full path, e.g. /media/usb/msc-backups.</source>
            <translation>备份文件夹必须是完整路径，例如 /media/usb/msc-backups。</translation>
        </message>
        <message>
            <source>The backup's audit trail is broken at record {seq}; it was not restored.</source>
            <translation>备份的稽查轨迹在第 {seq} 条记录处断裂；未恢复该备份。</translation>
        </message>
        <message>
            <source>The bundle carries no clinical data.</source>
            <translation>数据包不含临床数据。</translation>
        </message>
        <message>
            <source>The bundle contents are not readable.</source>
            <translation>无法读取数据包内容。</translation>
        </message>
        <message>
            <source>The bundle contents have an unknown layout.</source>
            <translation>数据包内容的结构未知。</translation>
        </message>
        <message>
            <source>The bundle header is incomplete or malformed.</source>
            <translation>数据包头不完整或格式错误。</translation>
        </message>
        <message>
            <source>The bundle header states a sequence number or count that is not a whole number from 0 to {limit}.</source>
            <translation>数据包标头中的序号或计数不是 0 到 {limit} 之间的整数。</translation>
        </message>
        <message>
            <source>The bundle holds a different number of rows than its header says.</source>
            <translation>数据包中的记录条数与包头所述不符。</translation>
        </message>
        <message>
            <source>The bundle is not encrypted.</source>
            <translation>数据包未加密。</translation>
        </message>
        <message>
            <source>The bundle's audit rows are not numbered {first} to {last} in order.</source>
            <translation>数据包中的稽查记录未按 {first} 到 {last} 顺序编号。</translation>
        </message>
        <message>
            <source>The bundle's clinical data does not match its audit record {seq}.</source>
            <translation>数据包的临床数据与其稽查记录 {seq} 不一致。</translation>
        </message>
        <message>
            <source>The bundle's clinical data names audit record {seq}, which the bundle does not hold.</source>
            <translation>数据包的临床数据指向稽查记录 {seq}，但数据包中没有该记录。</translation>
        </message>
        <message>
            <source>The bundle's rows do not reproduce the audit chain stated in its header.</source>
            <translation>数据包中的记录无法重建包头所述的稽查链。</translation>
        </message>
        <message>
            <source>The centre is busy and asks to wait {minutes} minutes before sending again; the bundles stay in the outbox.</source>
            <translation>中心繁忙，要求等待 {minutes} 分钟后再发送；数据包保留在发件箱中。</translation>
        </message>
        <message>
            <source>The centre package header is incomplete or malformed.</source>
            <translation>协调中心数据包头不完整或格式错误。</translation>
        </message>
        <message>
            <source>The centre package is of an unknown kind.</source>
            <translation>协调中心数据包的类型未知。</translation>
        </message>
        <message>
            <source>The centre refused {name}: it is larger than the server accepts.</source>
            <translation>协调中心拒绝了 {name}：文件超过服务器可接受的大小。</translation>
        </message>
        <message>
            <source>The centre's address {url} must start with https:// and name a host.</source>
            <translation>协调中心地址 {url} 必须以 https:// 开头并包含主机名。</translation>
        </message>
        <message>
            <source>The centre's address {url} uses plain http:// to another computer, where bundles and receipts could be read or changed on the way; use its https:// address.</source>
            <translation>协调中心地址 {url} 使用明文 http:// 连接另一台电脑，数据包和回执可能在传输中被读取或篡改；请使用其 https:// 地址。</translation>
        </message>
        <message>
            <source>The centre's certificate at {endpoint} could not be verified ({problem}); nothing was sent. Check the address, or trust the centre's own certificate file.</source>
            <translation>无法验证协调中心在 {endpoint} 的证书（{problem}）；未发送任何内容。请检查地址，或信任协调中心自己的证书文件。</translation>
        </message>
        <message>
            <source>The centre's certificate kept at this site cannot be used: {problem}.</source>
            <translation>本中心保存的协调中心证书无法使用：{problem}。</translation>
        </message>
        <message>
            <source>The centre's upload address must start with https:// (or http://) and name a host.</source>
            <translation>协调中心的上传地址必须以 https://（或 http://）开头并包含主机名。</translation>
        </message>
        <message>
            <source>The change conflicts with data already saved; nothing was saved.</source>
            <translation>此修改与已保存的数据冲突；未保存任何内容。</translation>
        </message>
        <message>
            <source>The clinical data in the bundle declares a protocol version twice.</source>
            <translation>数据包中的临床数据两次声明同一个方案版本。</translation>
        </message>
        <message>
            <source>The clinical data in the bundle has a definition outside a protocol version.</source>
            <translation>数据包中的临床数据有一个不属于任何方案版本的定义。</translation>
        </message>
        <message>
            <source>The clinical data in the bundle holds a document type declaration, entity or processing instruction, which is not allowed.</source>
            <translation>数据包中的临床数据含有文档类型声明、实体或处理指令，这是不允许的。</translation>
        </message>
        <message>
            <source>The clinical data in the bundle holds a malformed identifier in {element}.</source>
            <translation>数据包中的临床数据在 {element} 中含有格式错误的标识符。</translation>
        </message>
        <message>
            <source>The clinical data in the bundle holds a malformed key in {element}.</source>
            <translation>数据包中的临床数据在 {element} 中含有格式错误的键。</translation>
        </message>
        <message>
            <source>The clinical data in the bundle holds a text longer than {limit} characters.</source>
            <translation>数据包中的临床数据含有超过 {limit} 个字符的文本。</translation>
        </message>
        <message>
            <source>The clinical data in the bundle holds a time that is not UTC.</source>
            <translation>数据包中的临床数据含有不是 UTC 的时间。</translation>
        </message>
        <message>
            <source>The clinical data in the bundle holds an element that is not ODM.</source>
            <translation>数据包中的临床数据含有不属于 ODM 的元素。</translation>
        </message>
        <message>
            <source>The clinical data in the bundle holds an element {element} where it may not be.</source>
            <translation>数据包中的临床数据在不允许的位置含有元素 {element}。</translation>
        </message>
        <message>
            <source>The clinical data in the bundle holds an element {element} with missing or unknown attributes.</source>
            <translation>数据包中的临床数据含有缺少属性或带有未知属性的元素 {element}。</translation>
        </message>
        <message>
            <source>The clinical data in the bundle holds an item {item} its protocol version does not declare in that group.</source>
            <translation>数据包中的临床数据含有条目 {item}，其方案版本未在该组中声明它。</translation>
        </message>
        <message>
            <source>The clinical data in the bundle holds an unknown {attribute} in {element}.</source>
            <translation>数据包中的临床数据在 {element} 中含有未知的 {attribute}。</translation>
        </message>
        <message>
            <source>The clinical data in the bundle holds more than {limit} changes.</source>
            <translation>数据包中的临床数据含有超过 {limit} 项更改。</translation>
        </message>
        <message>
            <source>The clinical data in the bundle holds text where it may not.</source>
            <translation>数据包中的临床数据在不允许的位置含有文本。</translation>
        </message>
        <message>
            <source>The clinical data in the bundle is for another study.</source>
            <translation>数据包中的临床数据属于另一项研究。</translation>
        </message>
        <message>
            <source>The clinical data in the bundle is larger than it may be.</source>
            <translation>数据包中的临床数据超过了允许的大小。</translation>
        </message>
        <message>
            <source>The clinical data in the bundle is nested too deeply.</source>
            <translation>数据包中的临床数据嵌套过深。</translation>
        </message>
        <message>
            <source>The clinical data in the bundle is not well-formed XML (line {line}).</source>
            <translation>数据包中的临床数据不是格式正确的 XML（第 {line} 行）。</translation>
        </message>
        <message>
            <source>The clinical data in the bundle is placed in an event, form or group its protocol version does not declare.</source>
            <translation>数据包中的临床数据位于其方案版本未声明的访视、表单或组中。</translation>
        </message>
        <message>
            <source>The clinical data in the bundle names a user it does not declare.</source>
            <translation>数据包中的临床数据提到了一个未声明的用户。</translation>
        </message>
        <message>
            <source>The clinical data in the bundle refers to a protocol version it does not declare.</source>
            <translation>数据包中的临床数据引用了一个未声明的方案版本。</translation>
        </message>
        <message>
            <source>The clinical data in the bundle refers to {oid}, which it does not declare.</source>
            <translation>数据包中的临床数据引用了未声明的 {oid}。</translation>
        </message>
        <message>
            <source>The computer's clock says {clock}, earlier than the newest record in the audit trail ({newest}). Nothing can be saved until the date and time are set correctly.</source>
            <translation>电脑时钟显示为 {clock}，早于稽查轨迹中最新一条记录的时间（{newest}）。在日期和时间设置正确之前，无法保存任何内容。</translation>
        </message>
        <message>
            <source>The computer's clock says {clock}, earlier than the newest record in the audit trail ({newest}); nothing was saved. Set the correct date and time, then save again.</source>
            <translation>电脑时钟显示为 {clock}，早于稽查轨迹中最新一条记录的时间（{newest}）；未保存任何内容。请设置正确的日期和时间后再保存。</translation>
        </message>
        <message>
            <source>The contents are encrypted but no key was given to open them.</source>
            <translation>内容已加密，但没有提供用于打开的密钥。</translation>
        </message>
        <message>
            <source>The contents are not a valid compressed payload.</source>
            <translation>内容不是有效的压缩内容。</translation>
        </message>
        <message>
            <source>The contents are sealed for a post-quantum key this party does not have.</source>
            <translation>内容是为后量子密钥加密的，而本方没有该密钥。</translation>
        </message>
        <message>
            <source>The contents cannot be decrypted with this key: the file was altered or made for another recipient.</source>
            <translation>无法用此密钥解密内容：文件被改动过，或是为另一个接收方制作的。</translation>
        </message>
        <message>
            <source>The contents do not have the size stated in the header.</source>
            <translation>内容大小与标头中声明的不符。</translation>
        </message>
        <message>
            <source>The contents do not match the hash in the header.</source>
            <translation>内容与头中的哈希值不符。</translation>
        </message>
        <message>
            <source>The contents would inflate to {size} bytes, more than the limit of {limit} bytes.</source>
            <translation>内容解压后将达 {size} 字节，超过 {limit} 字节的上限。</translation>
        </message>
        <message>
            <source>The data folder {folder} is read-only; the app needs to write there to keep the audit trail.</source>
            <translation>数据文件夹 {folder} 为只读；程序需要在此写入以保存稽查轨迹。</translation>
        </message>
        <message>
            <source>The data folder {folder} is read-only; the database cannot be written.</source>
            <translation>数据文件夹 {folder} 为只读；无法写入数据库。</translation>
        </message>
        <message>
            <source>The database could not be used ({problem}).</source>
            <translation>无法使用数据库（{problem}）。</translation>
        </message>
        <message>
            <source>The database is in use by another copy of the app; close it and try again.</source>
            <translation>数据库正被另一个程序副本使用；请关闭它后重试。</translation>
        </message>
        <message>
            <source>The database upgrade left a record that refers to a missing one; nothing was changed.</source>
            <translation>数据库升级后有记录引用了不存在的记录；未做任何更改。</translation>
        </message>
        <message>
            <source>The date of birth of a randomized participant is corrected through the coordinating centre's query process.</source>
            <translation>已随机化受试者的出生日期须通过协调中心的质疑流程更正。</translation>
        </message>
        <message>
            <source>The date of birth {date_of_birth} is after {on}; check it.</source>
            <translation>出生日期 {date_of_birth} 晚于 {on}；请核对。</translation>
        </message>
        <message>
            <source>The disk is full or failing; nothing was saved. Free some space and try again.</source>
            <translation>磁盘已满或出现故障；未保存任何内容。请释放一些空间后重试。</translation>
        </message>
        <message>
            <source>The dose must be verified by a second person, not by the one who prepared it.</source>
            <translation>剂量必须由第二个人核对，而不是由配制者本人核对。</translation>
        </message>
        <message>
            <source>The expected enrolment must be a whole number.</source>
            <translation>预计入组人数必须是整数。</translation>
        </message>
        <message>
            <source>The expected enrolment must be at least 1; {expected_enrolment} was given.</source>
            <translation>预计入组人数至少为 1；给出的是 {expected_enrolment}。</translation>
        </message>
        <message>
            <source>The folder {folder} does not exist; choose another place for {name}.</source>
            <translation>文件夹 {folder} 不存在；请为 {name} 选择其他位置。</translation>
        </message>
        <message>
            <source>The folder {folder} does not exist; plug in the drive or choose another folder.</source>
            <translation>文件夹 {folder} 不存在；请插入驱动器或选择其他文件夹。</translation>
        </message>
        <message>
            <source>The form's input could not be kept as a draft.</source>
            <translation>无法将表单中输入的内容保存为草稿。</translation>
        </message>
        <message>
            <source>The investigator signed this eligibility; give a reason for the change (the signature will be voided).</source>
            <translation>研究者已签署此入选资格；请填写修改原因（签名将作废）。</translation>
        </message>
        <message>
            <source>The investigator's user name or password (release override) is wrong; the other passwords are kept.</source>
            <translation>研究者的用户名或密码（放行豁免）错误；其他人的密码已保留。</translation>
        </message>
        <message>
            <source>The item of query {number} is corrected on its own form; correct it there, then answer the query with a text.</source>
            <translation>质疑 {number} 的项目需在其所属表单中更正；请在该处更正后，再用文字回答质疑。</translation>
        </message>
        <message>
            <source>The key file uses an unknown key derivation; it is not from this app.</source>
            <translation>密钥文件使用了未知的密钥派生方法；它不是本程序生成的。</translation>
        </message>
        <message>
            <source>The key file {name} has format {found!r}; this app reads format {expected}.</source>
            <translation>密钥文件 {name} 的格式为 {found!r}；本程序读取格式 {expected}。</translation>
        </message>
        <message>
            <source>The key file {path} is damaged or not from this app.</source>
            <translation>密钥文件 {path} 已损坏或不是本程序生成的。</translation>
        </message>
        <message>
            <source>The last active administrator cannot be deactivated.</source>
            <translation>最后一位在用的管理员不能被停用。</translation>
        </message>
        <message>
            <source>The last active administrator must keep the administrator role.</source>
            <translation>最后一位在用的管理员必须保留管理员角色。</translation>
        </message>
        <message>
            <source>The number of used allocations cannot be {used}.</source>
            <translation>已使用的分配数不能为 {used}。</translation>
        </message>
        <message>
            <source>The old backup {name} could not be deleted: {problem}.</source>
            <translation>无法删除旧备份 {name}：{problem}。</translation>
        </message>
        <message>
            <source>The package contents are not readable.</source>
            <translation>无法读取数据包内容。</translation>
        </message>
        <message>
            <source>The package contents have an unknown layout.</source>
            <translation>数据包内容的结构未知。</translation>
        </message>
        <message>
            <source>The package holds a protocol version this site cannot take: {reason}</source>
            <translation>数据包中的方案版本无法被本研究中心接受：{reason}</translation>
        </message>
        <message>
            <source>The package holds queries of another site.</source>
            <translation>数据包包含其他中心的质疑。</translation>
        </message>
        <message>
            <source>The package request is addressed to another coordinating centre.</source>
            <translation>该数据包请求是发给另一个协调中心的。</translation>
        </message>
        <message>
            <source>The package request is malformed.</source>
            <translation>数据包请求格式错误。</translation>
        </message>
        <message>
            <source>The package request is too large.</source>
            <translation>数据包请求过大。</translation>
        </message>
        <message>
            <source>The package request names no valid site.</source>
            <translation>数据包请求未指明有效的站点。</translation>
        </message>
        <message>
            <source>The package request was signed by a key that is not registered for site {site_id}.</source>
            <translation>数据包请求的签名密钥未登记为站点 {site_id} 的密钥。</translation>
        </message>
        <message>
            <source>The package's queries cannot be applied: {reason}</source>
            <translation>无法应用数据包中的质疑：{reason}</translation>
        </message>
        <message>
            <source>The participant has ended the study; no new study activity can be added.</source>
            <translation>该受试者已结束研究；不能再添加新的研究活动。</translation>
        </message>
        <message>
            <source>The participant is already randomized (arm {arm}); it cannot be redone.</source>
            <translation>该受试者已随机化（组别：{arm}）；不能重新随机化。</translation>
        </message>
        <message>
            <source>The participant is in the control arm, which receives no MSC infusion.</source>
            <translation>该受试者在对照组，不接受干细胞输注。</translation>
        </message>
        <message>
            <source>The participant is not eligible and cannot be randomized.</source>
            <translation>该受试者不符合入选条件，不能随机化。</translation>
        </message>
        <message>
            <source>The password is too easy to guess: add another uncommon word or two.</source>
            <translation>密码太容易被猜到：请再加一两个不常见的单词。</translation>
        </message>
        <message>
            <source>The password is too easy to guess: {why} Add another uncommon word or two.</source>
            <translation>密码太容易被猜到：{why}请再加一两个不常见的单词。</translation>
        </message>
        <message>
            <source>The password must not contain the user name.</source>
            <translation>密码不能包含用户名。</translation>
        </message>
        <message>
            <source>The password needs at least {count} characters ({typed} so far).</source>
            <translation>密码至少需要 {count} 个字符（目前 {typed} 个）。</translation>
        </message>
        <message>
            <source>The planned volume {volume} mL is outside the plausible {low} to {high} mL per infusion ({cells} cells at {viable} viable cells/mL); check the weight, the cell concentration and the viability.</source>
            <translation>计划输注体积 {volume} mL 超出每次输注合理范围 {low} 至 {high} mL（{cells} 个细胞，活细胞浓度 {viable} 个/mL）；请核对体重、细胞浓度和活率。</translation>
        </message>
        <message>
            <source>The preferences could not be saved in {folder}: {problem}.</source>
            <translation>无法在 {folder} 中保存偏好设置：{problem}。</translation>
        </message>
        <message>
            <source>The printing service asks for a password this app cannot give: save the PDF and print it from another program.</source>
            <translation>打印服务要求输入本应用无法提供的密码：请保存 PDF，并用其他程序打印。</translation>
        </message>
        <message>
            <source>The printing service does not let this user print on {printer}: choose another printer, or save the PDF instead.</source>
            <translation>打印服务不允许此用户在 {printer} 上打印：请选择其他打印机，或改为保存 PDF。</translation>
        </message>
        <message>
            <source>The printing service gave an answer this app does not understand (HTTP {status}): save the PDF instead, or retry.</source>
            <translation>打印服务返回了本应用无法识别的应答（HTTP {status}）：请改为保存 PDF，或重试。</translation>
        </message>
        <message>
            <source>The printing service gave an answer this app does not understand: save the PDF instead, or retry.</source>
            <translation>打印服务返回了本应用无法识别的应答：请改为保存 PDF，或重试。</translation>
        </message>
        <message>
            <source>The printing service of this computer (CUPS) does not answer: save the PDF instead, or start the printing service and retry.</source>
            <translation>本计算机的打印服务（CUPS）没有响应：请改为保存 PDF，或启动打印服务后重试。</translation>
        </message>
        <message>
            <source>The printing service refused the request ({problem}): retry, or save the PDF instead.</source>
            <translation>打印服务拒绝了该请求（{problem}）：请重试，或改为保存 PDF。</translation>
        </message>
        <message>
            <source>The product expired on {expiry}; it must not be infused.</source>
            <translation>该产品已于 {expiry} 过期；不得输注。</translation>
        </message>
        <message>
            <source>The protocol definition is invalid: {path} {problem}.</source>
            <translation>方案定义无效：{path} {problem}。</translation>
        </message>
        <message>
            <source>The protocol definition {path} cannot be read ({reason}).</source>
            <translation>无法读取方案定义 {path}（{reason}）。</translation>
        </message>
        <message>
            <source>The protocol definition {path} is not valid JSON.</source>
            <translation>方案定义 {path} 不是有效的 JSON。</translation>
        </message>
        <message>
            <source>The protocol has no form {unknown}; the forms are {forms}.</source>
            <translation>方案中没有表单 {unknown}；现有表单为 {forms}。</translation>
        </message>
        <message>
            <source>The protocol has no {what} "{key}".</source>
            <translation>方案中没有{what}“{key}”。</translation>
        </message>
        <message>
            <source>The protocol version "{version}" is not numbers separated by dots (such as 1.1).</source>
            <translation>方案版本“{version}”不是以点分隔的数字（例如 1.1）。</translation>
        </message>
        <message>
            <source>The protocol version was issued for another site.</source>
            <translation>该方案版本是发给其他研究中心的。</translation>
        </message>
        <message>
            <source>The protocol version {version} has no form "{form}".</source>
            <translation>方案版本 {version} 中没有表单“{form}”。</translation>
        </message>
        <message>
            <source>The protocol version {version} has no item "{name}" in the form "{form}".</source>
            <translation>方案版本 {version} 的表单“{form}”中没有条目“{name}”。</translation>
        </message>
        <message>
            <source>The protocol version {version} has no item "{oid}".</source>
            <translation>方案版本 {version} 中没有条目“{oid}”。</translation>
        </message>
        <message>
            <source>The protocol version {version} has no study event "{oid}".</source>
            <translation>方案版本 {version} 中没有研究事件“{oid}”。</translation>
        </message>
        <message>
            <source>The protocol version {version} has no visit "{code}".</source>
            <translation>方案版本 {version} 中没有访视“{code}”。</translation>
        </message>
        <message>
            <source>The query record is malformed.</source>
            <translation>质疑记录格式错误。</translation>
        </message>
        <message>
            <source>The receipt does not match this site's records; the centre holds a different history.</source>
            <translation>此回执与本中心的记录不符；协调中心保存的是不同的历史。</translation>
        </message>
        <message>
            <source>The receipt is for site {site_id}, not for this site.</source>
            <translation>此回执属于中心 {site_id}，不属于本中心。</translation>
        </message>
        <message>
            <source>The receipt is malformed.</source>
            <translation>回执格式错误。</translation>
        </message>
        <message>
            <source>The session was locked after {minutes} minutes without activity; enter your password.</source>
            <translation>{minutes} 分钟无操作后会话已锁定；请输入密码。</translation>
        </message>
        <message>
            <source>The sheet went to printer {printer} as job {job}, but the print could not be recorded in the audit trail: note it by hand.</source>
            <translation>表单已发送到打印机 {printer}（作业号 {job}），但未能记入稽查轨迹：请手工记录。</translation>
        </message>
        <message>
            <source>The signature "{meaning}" of {name} is void: the signed data changed.</source>
            <translation>{name} 的签名“{meaning}”已作废：签名的数据已更改。</translation>
        </message>
        <message>
            <source>The signature does not match: the file was altered or not signed by the expected key.</source>
            <translation>签名不匹配：文件被改动过，或不是由预期的密钥签名。</translation>
        </message>
        <message>
            <source>The site database site.db in {folder} is empty (0 bytes): the data was lost, for example by a failed copy or a full disk. Nothing was changed. Restore the site from its latest backup.</source>
            <translation>{folder} 中的中心数据库 site.db 是空的（0 字节）：数据已丢失，例如复制失败或磁盘已满。未做任何改动。请从最新的备份恢复本中心。</translation>
        </message>
        <message>
            <source>The site database site.db is missing from {folder}, but the site's key file is there: the data was moved or lost. Nothing was changed. Restore the site from its latest backup.</source>
            <translation>{folder} 中缺少中心数据库 site.db，但中心的密钥文件还在：数据已被移走或丢失。未做任何改动。请从最新的备份恢复本中心。</translation>
        </message>
        <message>
            <source>The site id is two digits, e.g. 01 (subject ids look like 01-0007).</source>
            <translation>中心编号为两位数字，例如 01（受试者编号形如 01-0007）。</translation>
        </message>
        <message>
            <source>The site name is required.</source>
            <translation>必须填写中心名称。</translation>
        </message>
        <message>
            <source>The site package holds a malformed query or verification mark: {reason}</source>
            <translation>站点数据包中有格式错误的质疑或核查标记：{reason}</translation>
        </message>
        <message>
            <source>The site package holds a query of another site.</source>
            <translation>站点数据包中有其他站点的质疑。</translation>
        </message>
        <message>
            <source>The site package holds an allocation list of another site.</source>
            <translation>中心数据包中含有另一个中心的随机分配表。</translation>
        </message>
        <message>
            <source>The site package holds more than {limit} queries.</source>
            <translation>站点数据包中的质疑超过 {limit} 条。</translation>
        </message>
        <message>
            <source>The site package holds more than {limit} source verification marks.</source>
            <translation>站点数据包中的源数据核查标记超过 {limit} 个。</translation>
        </message>
        <message>
            <source>The site package is malformed.</source>
            <translation>中心数据包格式错误。</translation>
        </message>
        <message>
            <source>The site's key file keyring.json is missing from {folder}, so the database cannot be opened. Nothing was changed. Restore the site from its latest backup.</source>
            <translation>{folder} 中缺少中心的密钥文件 keyring.json，因此无法打开数据库。未做任何改动。请从最新的备份恢复本中心。</translation>
        </message>
        <message>
            <source>The site's signing key does not open with this site's keys.</source>
            <translation>本中心的签名密钥无法用本中心的密钥打开。</translation>
        </message>
        <message>
            <source>The stored allocation list is damaged.</source>
            <translation>保存的随机分配表已损坏。</translation>
        </message>
        <message>
            <source>The stored private key is damaged.</source>
            <translation>保存的私钥已损坏。</translation>
        </message>
        <message>
            <source>The stored protocol version is damaged.</source>
            <translation>已保存的方案版本已损坏。</translation>
        </message>
        <message>
            <source>The stored public key is damaged.</source>
            <translation>保存的公钥已损坏。</translation>
        </message>
        <message>
            <source>The user name {user_id} is taken (user names are never reused).</source>
            <translation>用户名 {user_id} 已被使用（用户名永不重复使用）。</translation>
        </message>
        <message>
            <source>The user's full name is required (it is printed with signatures).</source>
            <translation>必须填写用户姓名（它会与签名一起打印）。</translation>
        </message>
        <message>
            <source>The value of {item} in the bundle's clinical data is not of its type {data_type}.</source>
            <translation>数据包临床数据中 {item} 的值不是其类型 {data_type}。</translation>
        </message>
        <message>
            <source>The verifier's user name or password is wrong; your password is kept.</source>
            <translation>核对人的用户名或密码错误；您的密码已保留。</translation>
        </message>
        <message>
            <source>The visit date {visit_date} is before day 0 ({day0}).</source>
            <translation>访视日期 {visit_date} 早于第 0 天（{day0}）。</translation>
        </message>
        <message>
            <source>The weight was measured {age_days} days before the infusion; weigh the participant again (it must be at most {max_days} days old).</source>
            <translation>体重是在输注前 {age_days} 天测量的；请重新为受试者称重（体重测量距输注不得超过 {max_days} 天）。</translation>
        </message>
        <message>
            <source>The weight was recorded on {weighed_on}, after the infusion date {infusion_on}; check both dates.</source>
            <translation>体重记录于 {weighed_on}，晚于输注日期 {infusion_on}；请核对这两个日期。</translation>
        </message>
        <message>
            <source>The {form} form applies only when {other} is {choices}.</source>
            <translation>{form}表仅在{other}为{choices}时适用。</translation>
        </message>
        <message>
            <source>The {setting} is a site setting; change it after signing in.</source>
            <translation>{setting}是中心设置；请在登录后更改。</translation>
        </message>
        <message>
            <source>The {setting} must be a whole number from {minimum} to {maximum} {unit}.</source>
            <translation>{setting}必须是 {minimum} 到 {maximum} {unit}之间的整数。</translation>
        </message>
        <message>
            <source>The {setting} must be a whole number from {minimum} to {maximum}.</source>
            <translation>{setting}必须是 {minimum} 到 {maximum} 之间的整数。</translation>
        </message>
        <message>
            <source>The {setting} must be one of: {listed}.</source>
            <translation>{setting}必须是以下之一：{listed}。</translation>
        </message>
        <message>
            <source>The {visit_code} dosing worksheet for {subject_id} cannot be printed without: {missing}.</source>
            <translation>缺少以下内容，无法打印 {subject_id} 的 {visit_code} 剂量工作表：{missing}。</translation>
        </message>
        <message>
            <source>The {visit_code} infusion is already logged.</source>
            <translation>{visit_code} 输注已记录。</translation>
        </message>
        <message>
            <source>The {visit_code} infusion is already logged; it cannot be planned again.</source>
            <translation>{visit_code} 输注已记录；不能再次计划。</translation>
        </message>
        <message>
            <source>The {visit_code} infusion on {infused_on} is outside its window ({opens} to {closes}).</source>
            <translation>{infused_on} 的 {visit_code} 输注不在其时间窗内（{opens} 至 {closes}）。</translation>
        </message>
        <message>
            <source>The {what} file has extra bytes at its end.</source>
            <translation>{what}文件末尾有多余的字节。</translation>
        </message>
        <message>
            <source>The {what} file is empty.</source>
            <translation>{what}文件为空。</translation>
        </message>
        <message>
            <source>The {what} file is too short: it is truncated or not a {what}.</source>
            <translation>{what}文件太短：文件被截断，或不是{what}。</translation>
        </message>
        <message>
            <source>The {what} file is truncated.</source>
            <translation>{what}文件被截断。</translation>
        </message>
        <message>
            <source>The {what} format version {version} is not supported.</source>
            <translation>不支持{what}格式版本 {version}。</translation>
        </message>
        <message>
            <source>The {what} header has no valid payload hash.</source>
            <translation>{what}头没有有效的内容哈希值。</translation>
        </message>
        <message>
            <source>The {what} header has no valid payload size.</source>
            <translation>{what}的标头没有有效的内容大小。</translation>
        </message>
        <message>
            <source>The {what} header is not in canonical form: the file is damaged.</source>
            <translation>{what}头不是规范格式：文件已损坏。</translation>
        </message>
        <message>
            <source>The {what} header is not readable: the file is damaged.</source>
            <translation>无法读取{what}头：文件已损坏。</translation>
        </message>
        <message>
            <source>The {what} header is too large: the file is damaged.</source>
            <translation>{what}头过大：文件已损坏。</translation>
        </message>
        <message>
            <source>The {what} header names an unsupported format.</source>
            <translation>{what}头指明的格式不受支持。</translation>
        </message>
        <message>
            <source>The {what} public key file is not signed by its own key.</source>
            <translation>{what}公钥文件不是由其自身密钥签名的。</translation>
        </message>
        <message>
            <source>The {what} uses an unsupported encryption suite.</source>
            <translation>{what}使用了不受支持的加密套件。</translation>
        </message>
        <message>
            <source>There is no adverse event number {ae_number} for this participant.</source>
            <translation>该受试者没有编号为 {ae_number} 的不良事件。</translation>
        </message>
        <message>
            <source>There is no participant {subject_id} at this site.</source>
            <translation>本中心没有受试者 {subject_id}。</translation>
        </message>
        <message>
            <source>There is no query {number} at this site.</source>
            <translation>本中心没有质疑 {number}。</translation>
        </message>
        <message>
            <source>There is no setting called {name!r}.</source>
            <translation>没有名为 {name!r} 的设置。</translation>
        </message>
        <message>
            <source>There is no site in {folder}; set up a site there first.</source>
            <translation>{folder} 中没有中心；请先在那里设置一个中心。</translation>
        </message>
        <message>
            <source>There is no user {user_id!r}.</source>
            <translation>没有用户 {user_id!r}。</translation>
        </message>
        <message>
            <source>This account is locked after repeated failed sign-ins; try again in 1 minute.</source>
            <translation>多次登录失败后此账户已被锁定；请在 1 分钟后重试。</translation>
        </message>
        <message>
            <source>This account is locked after repeated failed sign-ins; try again in {minutes} minutes.</source>
            <translation>多次登录失败后此账户已被锁定；请在 {minutes} 分钟后重试。</translation>
        </message>
        <message>
            <source>This bundle is addressed to another coordinating centre.</source>
            <translation>此数据包是发给另一个协调中心的。</translation>
        </message>
        <message>
            <source>This bundle was signed by a key that is not registered for site {site_id}.</source>
            <translation>此数据包的签名密钥未在中心 {site_id} 登记。</translation>
        </message>
        <message>
            <source>This file is not an MSC {what}.</source>
            <translation>此文件不是 MSC {what}。</translation>
        </message>
        <message>
            <source>This infusion was planned already; give a reason to change the plan.</source>
            <translation>此输注已计划；修改计划请填写原因。</translation>
        </message>
        <message>
            <source>This is a demo site: it cannot hold the coordinating centre's allocation lists.</source>
            <translation>这是演示中心：不能保存协调中心的随机分配表。</translation>
        </message>
        <message>
            <source>This is a real site: demo allocation lists are refused (demo lists exist only on a demo site).</source>
            <translation>这是真实中心：拒绝演示分配表（演示分配表只存在于演示中心）。</translation>
        </message>
        <message>
            <source>This is not a certificate file (PEM, beginning with -----BEGIN CERTIFICATE-----).</source>
            <translation>这不是证书文件（PEM 格式，以 -----BEGIN CERTIFICATE----- 开头）。</translation>
        </message>
        <message>
            <source>This is not a package request.</source>
            <translation>这不是数据包请求。</translation>
        </message>
        <message>
            <source>This is not a package request: {reason}</source>
            <translation>这不是数据包请求：{reason}</translation>
        </message>
        <message>
            <source>This is not a valid {what} public key file.</source>
            <translation>这不是有效的{what}公钥文件。</translation>
        </message>
        <message>
            <source>This key file belongs to a {role}, not to a {what}.</source>
            <translation>此密钥文件属于{role}，而不是{what}。</translation>
        </message>
        <message>
            <source>This package was made for another site.</source>
            <translation>此数据包是为另一个中心制作的。</translation>
        </message>
        <message>
            <source>This package was not made by the pinned coordinating centre.</source>
            <translation>此数据包不是由已固定的协调中心制作的。</translation>
        </message>
        <message>
            <source>This participant is randomized; give a reason to correct screening data.</source>
            <translation>该受试者已随机化；更正筛选数据请填写原因。</translation>
        </message>
        <message>
            <source>This protocol version is for trial {other}, not {trial}.</source>
            <translation>此方案版本属于试验 {other}，而不是 {trial}。</translation>
        </message>
        <message>
            <source>This record already carries that signature.</source>
            <translation>此记录已有该签名。</translation>
        </message>
        <message>
            <source>This site database was written by a newer version of MSC Desktop; install that version to open it.</source>
            <translation>此中心数据库由更新版本的 MSC Desktop 写入；请安装该版本后打开。</translation>
        </message>
        <message>
            <source>This site does not hold protocol version {version}.</source>
            <translation>本研究中心没有方案版本 {version}。</translation>
        </message>
        <message>
            <source>This site has no randomization key yet: an administrator or investigator signs in once to make it.</source>
            <translation>本中心还没有随机化密钥：请管理员或研究者登录一次以生成它。</translation>
        </message>
        <message>
            <source>This site has not received protocol version {version}.</source>
            <translation>本研究中心尚未收到方案版本 {version}。</translation>
        </message>
        <message>
            <source>This site holds entries made under protocol version {version}, which it does not have; nothing was exported.</source>
            <translation>本中心有在方案版本 {version} 下录入的数据，但本中心没有该版本；未导出任何内容。</translation>
        </message>
        <message>
            <source>This site was set up with an earlier version: enter the recovery key once so that it keeps opening the database after the new key.</source>
            <translation>本中心是用早期版本建立的：请输入一次恢复密钥，以便换用新密钥后它仍能打开数据库。</translation>
        </message>
        <message>
            <source>Time consent signed must be HH:MM (24 h), e.g. 09:45; {entered!r} was entered.</source>
            <translation>知情同意签署时间必须为 HH:MM（24 小时制），例如 09:45；输入的是 {entered!r}。</translation>
        </message>
        <message>
            <source>To plan the dose, enter: {labels}.</source>
            <translation>要计划剂量，请录入：{labels}。</translation>
        </message>
        <message>
            <source>US Letter</source>
            <translation>美国信纸 (Letter)</translation>
        </message>
        <message>
            <source>Unknown role {text!r}; choose one of {names}.</source>
            <translation>未知角色 {text!r}；请从 {names} 中选择。</translation>
        </message>
        <message>
            <source>Unknown stratum {stratum!r}; the protocol has {strata}.</source>
            <translation>未知分层 {stratum!r}；方案中的分层为 {strata}。</translation>
        </message>
        <message>
            <source>Viability</source>
            <translation>活率</translation>
        </message>
        <message>
            <source>Viability is {viability} %, below the {threshold} % release threshold: the product may not be released without an investigator's signed override.</source>
            <translation>活率为 {viability} %，低于 {threshold} % 的放行限值：没有研究者签名的特批，产品不得放行。</translation>
        </message>
        <message>
            <source>Viability must be more than 0 and at most 100 %; {viability} % was entered.</source>
            <translation>活率必须大于 0 且不超过 100 %；输入的是 {viability} %。</translation>
        </message>
        <message>
            <source>Viability {viability} % is below the release limit: the product may not be infused without an investigator's signed override.</source>
            <translation>活率 {viability} % 低于放行标准：没有研究者签名的越权放行，不得输注该产品。</translation>
        </message>
        <message>
            <source>Visit</source>
            <translation>访视</translation>
        </message>
        <message>
            <source>Visit item</source>
            <translation>访视项目</translation>
        </message>
        <message>
            <source>Visit retired (no longer scheduled): {visit}.</source>
            <translation>停用的访视（不再安排）：{visit}。</translation>
        </message>
        <message>
            <source>Visit {visit_code} is already recorded; it cannot be marked missed.</source>
            <translation>访视 {visit_code} 已记录；不能标记为错过。</translation>
        </message>
        <message>
            <source>Visit {visit_code} is not scheduled from day 0.</source>
            <translation>访视 {visit_code} 不是从第 0 天起计划的访视。</translation>
        </message>
        <message>
            <source>Visit {visit_code} on {day} is outside its window ({opens} to {closes}).</source>
            <translation>访视 {visit_code}（{day}）不在其时间窗内（{opens} 至 {closes}）。</translation>
        </message>
        <message>
            <source>Visit {visit} is not recorded; there is nothing to correct.</source>
            <translation>访视 {visit} 尚未记录，没有可更正的数据。</translation>
        </message>
        <message>
            <source>Visit {visit} moves from {old} to {new}.</source>
            <translation>访视 {visit} 由 {old} 改为 {new}。</translation>
        </message>
        <message>
            <source>Weight</source>
            <translation>体重</translation>
        </message>
        <message>
            <source>Weight is {change} % less than at baseline, over the {limit} % limit: check the weight.</source>
            <translation>体重比基线减少 {change} %，超过 {limit} % 的限值：请核对体重。</translation>
        </message>
        <message>
            <source>Weight is {change} % more than at baseline, over the {limit} % limit: check the weight.</source>
            <translation>体重比基线增加 {change} %，超过 {limit} % 的限值：请核对体重。</translation>
        </message>
        <message>
            <source>Without written consent nothing can be recorded for this participant.</source>
            <translation>没有书面知情同意，不能为该受试者记录任何内容。</translation>
        </message>
        <message>
            <source>Write a text for the query.</source>
            <translation>请填写质疑文本。</translation>
        </message>
        <message>
            <source>Written consent cannot be removed here; record a withdrawal of consent as end of study.</source>
            <translation>书面知情同意不能在此删除；请将撤回知情同意记录为研究结束。</translation>
        </message>
        <message>
            <source>Wrong user name or password.</source>
            <translation>用户名或密码错误。</translation>
        </message>
        <message>
            <source>You cannot deactivate your own account; ask another administrator.</source>
            <translation>您不能停用自己的账户；请找另一位管理员。</translation>
        </message>
        <message>
            <source>Your account cannot use the site's signing key; an administrator, investigator or research nurse exports.</source>
            <translation>您的账户不能使用本中心的签名密钥；请由管理员、研究者或研究护士导出。</translation>
        </message>
        <message>
            <source>Your account does not hold the randomization key; an investigator randomizes.</source>
            <translation>您的账户不持有随机化密钥；请由研究者进行随机化。</translation>
        </message>
        <message>
            <source>Your password (the preparing nurse's signature) is wrong; the verifier's entries are kept.</source>
            <translation>您的密码（配制护士签名）错误；核对人的输入已保留。</translation>
        </message>
        <message>
            <source>a clinical time is written with its offset (store/audit_values.clinical_item_text)</source>
            <translation>临床时间须连同其 UTC 偏移量写入（store/audit_values.clinical_item_text）</translation>
        </message>
        <message>
            <source>a clinical time must be a datetime</source>
            <translation>临床时间必须是日期时间</translation>
        </message>
        <message>
            <source>a clinical time must be an aware datetime</source>
            <translation>临床时间必须带时区</translation>
        </message>
        <message>
            <source>a monitor (read-only)</source>
            <translation>监查员（只读）</translation>
        </message>
        <message>
            <source>a research nurse</source>
            <translation>研究护士</translation>
        </message>
        <message>
            <source>a sign of decompensation is recorded.</source>
            <translation>已记录失代偿表现。</translation>
        </message>
        <message>
            <source>a single word is easy to guess.</source>
            <translation>单个单词很容易被猜到。</translation>
        </message>
        <message>
            <source>a site administrator</source>
            <translation>中心管理员</translation>
        </message>
        <message>
            <source>accepted</source>
            <translation>已接收</translation>
        </message>
        <message>
            <source>ae causality</source>
            <translation>不良事件因果关系</translation>
        </message>
        <message>
            <source>age {age} at consent is outside {low} to {high}.</source>
            <translation>签署知情同意时年龄 {age} 岁，不在 {low} 至 {high} 岁范围内。</translation>
        </message>
        <message>
            <source>age {age} at consent is within {low} to {high}.</source>
            <translation>签署知情同意时年龄 {age} 岁，在 {low} 至 {high} 岁范围内。</translation>
        </message>
        <message>
            <source>albumin</source>
            <translation>白蛋白</translation>
        </message>
        <message>
            <source>allocation list</source>
            <translation>随机分配表</translation>
        </message>
        <message>
            <source>allocation lists loaded: {lists}</source>
            <translation>已载入随机分配表：{lists}</translation>
        </message>
        <message>
            <source>an event about something that is not a record of the site</source>
            <translation>事件所涉对象不是本中心的记录</translation>
        </message>
        <message>
            <source>an investigator</source>
            <translation>研究者</translation>
        </message>
        <message>
            <source>answer data queries</source>
            <translation>回答数据质疑</translation>
        </message>
        <message>
            <source>answered "not known".</source>
            <translation>回答为“不详”。</translation>
        </message>
        <message>
            <source>ascites</source>
            <translation>腹水</translation>
        </message>
        <message>
            <source>ascites, variceal bleeding, encephalopathy grade or bilirubin is not recorded.</source>
            <translation>腹水、静脉曲张出血、肝性脑病分级或胆红素未记录。</translation>
        </message>
        <message>
            <source>assess AE causality</source>
            <translation>评估不良事件因果关系</translation>
        </message>
        <message>
            <source>backup folder</source>
            <translation>备份文件夹</translation>
        </message>
        <message>
            <source>backup keep</source>
            <translation>保留备份数</translation>
        </message>
        <message>
            <source>backup schedule</source>
            <translation>备份计划</translation>
        </message>
        <message>
            <source>backups</source>
            <translation>个备份</translation>
        </message>
        <message>
            <source>beats/min</source>
            <translation>次/分</translation>
        </message>
        <message>
            <source>before day 0</source>
            <translation>第0天之前</translation>
        </message>
        <message>
            <source>bilirubin</source>
            <translation>胆红素</translation>
        </message>
        <message>
            <source>breaths/min</source>
            <translation>次/分</translation>
        </message>
        <message>
            <source>bundle</source>
            <translation>数据包</translation>
        </message>
        <message>
            <source>cells/mL</source>
            <translation>个细胞/mL</translation>
        </message>
        <message>
            <source>center</source>
            <translation>协调中心</translation>
        </message>
        <message>
            <source>center upload url</source>
            <translation>协调中心上传地址</translation>
        </message>
        <message>
            <source>centre package</source>
            <translation>协调中心数据包</translation>
        </message>
        <message>
            <source>change site settings</source>
            <translation>更改中心设置</translation>
        </message>
        <message>
            <source>cirrhosis diagnosed clinically</source>
            <translation>肝硬化为临床诊断</translation>
        </message>
        <message>
            <source>cirrhosis shown by imaging</source>
            <translation>影像学显示肝硬化</translation>
        </message>
        <message>
            <source>cirrhosis shown by liver biopsy</source>
            <translation>肝穿刺活检证实肝硬化</translation>
        </message>
        <message>
            <source>co-infection with {viruses} excludes.</source>
            <translation>合并 {viruses} 感染，因此排除。</translation>
        </message>
        <message>
            <source>common names are easy to guess.</source>
            <translation>常见的姓名很容易被猜到。</translation>
        </message>
        <message>
            <source>coordinating centre</source>
            <translation>协调中心</translation>
        </message>
        <message>
            <source>criterion</source>
            <translation>标准</translation>
        </message>
        <message>
            <source>dates are easy to guess.</source>
            <translation>日期很容易被猜到。</translation>
        </message>
        <message>
            <source>day {day} (from {before} days before to {after} days after)</source>
            <translation>第 {day} 天（前 {before} 天至后 {after} 天）</translation>
        </message>
        <message>
            <source>does not apply.</source>
            <translation>不适用。</translation>
        </message>
        <message>
            <source>done</source>
            <translation>完成</translation>
        </message>
        <message>
            <source>dose prepared</source>
            <translation>剂量已配制</translation>
        </message>
        <message>
            <source>dose verified</source>
            <translation>剂量已核对</translation>
        </message>
        <message>
            <source>duplicate</source>
            <translation>重复</translation>
        </message>
        <message>
            <source>eligibility</source>
            <translation>入选资格</translation>
        </message>
        <message>
            <source>encephalopathy grade</source>
            <translation>肝性脑病分级</translation>
        </message>
        <message>
            <source>encrypting and signing</source>
            <translation>正在加密和签名</translation>
        </message>
        <message>
            <source>enter or change clinical data</source>
            <translation>录入或修改临床数据</translation>
        </message>
        <message>
            <source>export data for the coordinating centre</source>
            <translation>为协调中心导出数据</translation>
        </message>
        <message>
            <source>form</source>
            <translation>表单</translation>
        </message>
        <message>
            <source>half-up to {step} mL</source>
            <translation>四舍五入到 {step} mL</translation>
        </message>
        <message>
            <source>held</source>
            <translation>暂存</translation>
        </message>
        <message>
            <source>how the cirrhosis was diagnosed is not recorded</source>
            <translation>未记录肝硬化的诊断依据</translation>
        </message>
        <message>
            <source>idle timeout minutes</source>
            <translation>空闲锁定时间（分钟）</translation>
        </message>
        <message>
            <source>investigator</source>
            <translation>研究者</translation>
        </message>
        <message>
            <source>it is a very common password.</source>
            <translation>这是一个非常常见的密码。</translation>
        </message>
        <message>
            <source>it is close to a common password.</source>
            <translation>它与常见密码很相似。</translation>
        </message>
        <message>
            <source>it is one of the most common passwords.</source>
            <translation>它是最常见的密码之一。</translation>
        </message>
        <message>
            <source>keyboard patterns are easy to guess.</source>
            <translation>键盘上的按键组合很容易被猜到。</translation>
        </message>
        <message>
            <source>lab test</source>
            <translation>检验项目</translation>
        </message>
        <message>
            <source>language</source>
            <translation>语言</translation>
        </message>
        <message>
            <source>larger than a site reads</source>
            <translation>超过中心可读取的大小</translation>
        </message>
        <message>
            <source>liver stiffness</source>
            <translation>肝硬度</translation>
        </message>
        <message>
            <source>liver stiffness {value} kPa is at least {threshold} kPa</source>
            <translation>肝硬度 {value} kPa，不低于 {threshold} kPa</translation>
        </message>
        <message>
            <source>liver stiffness {value} kPa is below {threshold} kPa, which does not show cirrhosis</source>
            <translation>肝硬度 {value} kPa，低于 {threshold} kPa，不能证明肝硬化</translation>
        </message>
        <message>
            <source>make a backup</source>
            <translation>备份</translation>
        </message>
        <message>
            <source>manage users</source>
            <translation>管理用户</translation>
        </message>
        <message>
            <source>mark data verified against source documents</source>
            <translation>将数据标记为已与源文件核对</translation>
        </message>
        <message>
            <source>minutes</source>
            <translation>分钟</translation>
        </message>
        <message>
            <source>monitor (read-only)</source>
            <translation>监查员（只读）</translation>
        </message>
        <message>
            <source>names are easy to guess.</source>
            <translation>姓名很容易被猜到。</translation>
        </message>
        <message>
            <source>no HCV, HDV, HEV or HIV co-infection.</source>
            <translation>无 HCV、HDV、HEV 或 HIV 合并感染。</translation>
        </message>
        <message>
            <source>no ascites, variceal bleeding or encephalopathy, and bilirubin is at most {limit} mg/dL.</source>
            <translation>无腹水、静脉曲张出血或肝性脑病，且胆红素不超过 {limit} mg/dL。</translation>
        </message>
        <message>
            <source>no change to the queries</source>
            <translation>质疑没有变化</translation>
        </message>
        <message>
            <source>no new allocation list</source>
            <translation>没有新的随机分配表</translation>
        </message>
        <message>
            <source>no sign of decompensation is recorded and the bilirubin cannot be used: {problem}</source>
            <translation>未记录失代偿体征，且胆红素不能使用：{problem}</translation>
        </message>
        <message>
            <source>no.</source>
            <translation>否。</translation>
        </message>
        <message>
            <source>none</source>
            <translation>无</translation>
        </message>
        <message>
            <source>not a clinical time with its offset</source>
            <translation>不是带 UTC 偏移量的临床时间</translation>
        </message>
        <message>
            <source>not answered.</source>
            <translation>未回答。</translation>
        </message>
        <message>
            <source>not fetched (the bundles were sent)</source>
            <translation>未获取（数据包已发送）</translation>
        </message>
        <message>
            <source>nothing new from the centre</source>
            <translation>中心没有新内容</translation>
        </message>
        <message>
            <source>override product release</source>
            <translation>越权放行产品</translation>
        </message>
        <message>
            <source>paper size</source>
            <translation>纸张大小</translation>
        </message>
        <message>
            <source>printer</source>
            <translation>打印机</translation>
        </message>
        <message>
            <source>protocol version</source>
            <translation>方案版本</translation>
        </message>
        <message>
            <source>protocol {protocol_id} version {version}</source>
            <translation>方案 {protocol_id} 版本 {version}</translation>
        </message>
        <message>
            <source>randomize a participant</source>
            <translation>将受试者随机化</translation>
        </message>
        <message>
            <source>ratio</source>
            <translation>比值</translation>
        </message>
        <message>
            <source>reading changes</source>
            <translation>正在读取更改</translation>
        </message>
        <message>
            <source>receipt</source>
            <translation>回执</translation>
        </message>
        <message>
            <source>receipt for {bundle} ({status}); the centre holds records 1-{last}</source>
            <translation>{bundle} 的回执（{status}）；协调中心已有记录 1-{last}</translation>
        </message>
        <message>
            <source>received</source>
            <translation>已接收</translation>
        </message>
        <message>
            <source>refused: {reason}</source>
            <translation>已拒绝：{reason}</translation>
        </message>
        <message>
            <source>rejected</source>
            <translation>已拒绝</translation>
        </message>
        <message>
            <source>release override</source>
            <translation>越权放行</translation>
        </message>
        <message>
            <source>rendering ODM</source>
            <translation>正在生成 ODM</translation>
        </message>
        <message>
            <source>repeated characters are easy to guess.</source>
            <translation>重复的字符很容易被猜到。</translation>
        </message>
        <message>
            <source>repeated words are easy to guess.</source>
            <translation>重复的单词很容易被猜到。</translation>
        </message>
        <message>
            <source>research nurse</source>
            <translation>研究护士</translation>
        </message>
        <message>
            <source>rows of keys on the keyboard are easy to guess.</source>
            <translation>键盘上成排的按键很容易被猜到。</translation>
        </message>
        <message>
            <source>sequences like abc or 6543 are easy to guess.</source>
            <translation>abc 或 6543 这样的序列很容易被猜到。</translation>
        </message>
        <message>
            <source>sign eligibility</source>
            <translation>签署入选资格</translation>
        </message>
        <message>
            <source>site</source>
            <translation>中心</translation>
        </message>
        <message>
            <source>site administrator</source>
            <translation>中心管理员</translation>
        </message>
        <message>
            <source>site package</source>
            <translation>中心数据包</translation>
        </message>
        <message>
            <source>stratum {stratum}: {remaining} left</source>
            <translation>分层 {stratum}：剩余 {remaining} 个</translation>
        </message>
        <message>
            <source>the Child-Pugh score cannot be computed: {problem}</source>
            <translation>无法计算 Child-Pugh 评分：{problem}</translation>
        </message>
        <message>
            <source>the Child-Pugh score needs {needed}.</source>
            <translation>计算 Child-Pugh 评分需要{needed}。</translation>
        </message>
        <message>
            <source>the HBsAg result is not recorded</source>
            <translation>未记录HBsAg结果</translation>
        </message>
        <message>
            <source>the HBsAg test date is not recorded</source>
            <translation>未记录HBsAg检测日期</translation>
        </message>
        <message>
            <source>the HBsAg test of {tested} is more than {days} days before consent on {consent} (enter a test from {earliest} or later)</source>
            <translation>{tested} 的HBsAg检测早于知情同意日 {consent} 超过 {days} 天（请录入 {earliest} 或之后的检测）</translation>
        </message>
        <message>
            <source>the answer {code} of the list {codelist}</source>
            <translation>选项列表 {codelist} 的选项 {code}</translation>
        </message>
        <message>
            <source>the date blood was drawn is not recorded, so the labs cannot be used.</source>
            <translation>未记录采血日期，因此化验结果不能使用。</translation>
        </message>
        <message>
            <source>the date of birth or the date of consent is not recorded.</source>
            <translation>出生日期或知情同意日期未记录。</translation>
        </message>
        <message>
            <source>the date of consent is not recorded</source>
            <translation>未记录知情同意日期</translation>
        </message>
        <message>
            <source>the date of the examination that showed cirrhosis is not recorded</source>
            <translation>未记录诊断肝硬化的检查日期</translation>
        </message>
        <message>
            <source>the form {form}</source>
            <translation>表单“{form}”</translation>
        </message>
        <message>
            <source>the item {item} of the form {form}</source>
            <translation>表单“{form}”的项目 {item}</translation>
        </message>
        <message>
            <source>the kind of the item {item} of the form {form}</source>
            <translation>表单“{form}”中项目 {item} 的类型</translation>
        </message>
        <message>
            <source>the lab test {test}</source>
            <translation>检验项目 {test}</translation>
        </message>
        <message>
            <source>the labs were drawn on {drawn}, more than {days} days before consent on {consent}; enter labs drawn on {earliest} or later.</source>
            <translation>化验采血日期为 {drawn}，早于知情同意日期 {consent} 超过 {days} 天；请录入 {earliest} 或之后采血的化验结果。</translation>
        </message>
        <message>
            <source>the labs were drawn on {drawn}, {days} days before randomization on {on} (at most {limit} days are allowed); enter new labs.</source>
            <translation>化验采血日期为 {drawn}，在随机化日期 {on} 之前 {days} 天（最多允许 {limit} 天）；请录入新的化验结果。</translation>
        </message>
        <message>
            <source>the list {codelist}</source>
            <translation>选项列表 {codelist}</translation>
        </message>
        <message>
            <source>the liver stiffness (kPa) is not recorded</source>
            <translation>未记录肝硬度（kPa）</translation>
        </message>
        <message>
            <source>the participant has not signed written consent.</source>
            <translation>受试者未签署书面知情同意。</translation>
        </message>
        <message>
            <source>the unit {unit} of {test}</source>
            <translation>{test} 的单位 {unit}</translation>
        </message>
        <message>
            <source>the visit {visit}</source>
            <translation>访视 {visit}</translation>
        </message>
        <message>
            <source>the vital sign {vital}</source>
            <translation>生命体征 {vital}</translation>
        </message>
        <message>
            <source>time zone</source>
            <translation>时区</translation>
        </message>
        <message>
            <source>timepoint</source>
            <translation>时间点</translation>
        </message>
        <message>
            <source>unit</source>
            <translation>单位</translation>
        </message>
        <message>
            <source>unknown</source>
            <translation>未知</translation>
        </message>
        <message>
            <source>unknown audit row format</source>
            <translation>未知的稽查记录格式</translation>
        </message>
        <message>
            <source>valid inputs</source>
            <translation>有效的输入值</translation>
        </message>
        <message>
            <source>verify a dose</source>
            <translation>核对剂量</translation>
        </message>
        <message>
            <source>view account events</source>
            <translation>查看账户事件</translation>
        </message>
        <message>
            <source>view data</source>
            <translation>查看数据</translation>
        </message>
        <message>
            <source>visit</source>
            <translation>访视</translation>
        </message>
        <message>
            <source>vital sign</source>
            <translation>生命体征</translation>
        </message>
        <message>
            <source>writing the file</source>
            <translation>正在写入文件</translation>
        </message>
        <message>
            <source>written consent is not recorded.</source>
            <translation>未记录书面知情同意。</translation>
        </message>
        <message>
            <source>written consent is recorded.</source>
            <translation>已记录书面知情同意。</translation>
        </message>
        <message>
            <source>years are easy to guess.</source>
            <translation>年份很容易被猜到。</translation>
        </message>
        <message>
            <source>yes, which excludes.</source>
            <translation>是，因此排除。</translation>
        </message>
        <message>
            <source>{code}: {detail}</source>
            <translation>{code}：{detail}</translation>
        </message>
        <message>
            <source>{code}: {text}: {detail}</source>
            <translation>{code}：{text}：{detail}</translation>
        </message>
        <message>
            <source>{count} answers recorded by the centre</source>
            <translation>中心已记录 {count} 条回答</translation>
        </message>
        <message>
            <source>{count} closed</source>
            <translation>{count} 条已关闭</translation>
        </message>
        <message>
            <source>{count} new queries</source>
            <translation>{count} 条新质疑</translation>
        </message>
        <message>
            <source>{count} re-opened</source>
            <translation>{count} 条重新打开</translation>
        </message>
        <message>
            <source>{count} source verification marks</source>
            <translation>{count} 个源数据核对标记</translation>
        </message>
        <message>
            <source>{deviation} Give the reason; it is recorded as a protocol deviation.</source>
            <translation>{deviation}请填写原因；这将记录为一次方案偏离。</translation>
        </message>
        <message>
            <source>{deviation} Record it as a protocol deviation with a reason.</source>
            <translation>{deviation}请将其记录为方案偏离并填写原因。</translation>
        </message>
        <message>
            <source>{earlier} ({earlier_date}) is {gap} days before {later}; it must be at most {days} days before.</source>
            <translation>{earlier}（{earlier_date}）比{later}早 {gap} 天；最多只能早 {days} 天。</translation>
        </message>
        <message>
            <source>{fields} are entered when the infusion is logged.</source>
            <translation>{fields} 在记录输注时录入。</translation>
        </message>
        <message>
            <source>{field} ({form} form)</source>
            <translation>{field}（{form}表单）</translation>
        </message>
        <message>
            <source>{file}: {outcome}</source>
            <translation>{file}：{outcome}</translation>
        </message>
        <message>
            <source>{file}: {status}</source>
            <translation>{file}：{status}</translation>
        </message>
        <message>
            <source>{file}: {status}: {detail}</source>
            <translation>{file}：{status}：{detail}</translation>
        </message>
        <message>
            <source>{finding}.</source>
            <translation>{finding}。</translation>
        </message>
        <message>
            <source>{first} or {second}</source>
            <translation>{first}或{second}</translation>
        </message>
        <message>
            <source>{first} {second}</source>
            <translation>{first}{second}</translation>
        </message>
        <message>
            <source>{first}, {second}</source>
            <translation>{first}、{second}</translation>
        </message>
        <message>
            <source>{first}; {second}.</source>
            <translation>{first}；{second}。</translation>
        </message>
        <message>
            <source>{form}</source>
            <translation>{form}</translation>
        </message>
        <message>
            <source>{form} {number}</source>
            <translation>{form} {number}</translation>
        </message>
        <message>
            <source>{form} {visit}</source>
            <translation>{form} {visit}</translation>
        </message>
        <message>
            <source>{form}, {item}: decimal places{unit} change from {old} to {new}.</source>
            <translation>{form}，{item}：小数位数{unit}由 {old} 改为 {new}。</translation>
        </message>
        <message>
            <source>{infused} mL was infused instead of the planned {planned} mL (more than {limit} % off).</source>
            <translation>实际输注 {infused} mL，而非计划的 {planned} mL（偏差超过 {limit} %）。</translation>
        </message>
        <message>
            <source>{item}</source>
            <translation>{item}</translation>
        </message>
        <message>
            <source>{item} ({field})</source>
            <translation>{item}（{field}）</translation>
        </message>
        <message>
            <source>{label} cannot be entered in "{unit}"; use {accepted}.</source>
            <translation>{label}不能以“{unit}”为单位录入；请使用 {accepted}。</translation>
        </message>
        <message>
            <source>{label} cannot be in the future; {value} was entered.</source>
            <translation>{label}不能是将来的日期；输入的是 {value}。</translation>
        </message>
        <message>
            <source>{label} is missing; enter a number.</source>
            <translation>缺少{label}；请输入数字。</translation>
        </message>
        <message>
            <source>{label} is recorded with one decimal at most; round {value} to {rounded}.</source>
            <translation>{label}最多记录一位小数；请将 {value} 修约为 {rounded}。</translation>
        </message>
        <message>
            <source>{label} is recorded with {decimals} decimals at most; round {value} to {rounded}.</source>
            <translation>{label}最多记录 {decimals} 位小数；请将 {value} 修约为 {rounded}。</translation>
        </message>
        <message>
            <source>{label} is recorded without decimals; round {value} to {rounded}.</source>
            <translation>{label}不带小数记录；请将 {value} 修约为 {rounded}。</translation>
        </message>
        <message>
            <source>{label} is required when {other} is {choices}.</source>
            <translation>{other}为{choices}时，{label}为必填项。</translation>
        </message>
        <message>
            <source>{label} is required.</source>
            <translation>{label}为必填项。</translation>
        </message>
        <message>
            <source>{label} must be a date and time such as 2026-03-01 14:30; {value!r} was entered.</source>
            <translation>{label}必须是日期和时间，例如 2026-03-01 14:30；输入的是 {value!r}。</translation>
        </message>
        <message>
            <source>{label} must be a date such as 2026-03-01; {value!r} was entered.</source>
            <translation>{label}必须是日期，例如 2026-03-01；输入的是 {value!r}。</translation>
        </message>
        <message>
            <source>{label} must be a date without a time.</source>
            <translation>{label}必须是不带时间的日期。</translation>
        </message>
        <message>
            <source>{label} must be a number of sensible size; {text} was entered.</source>
            <translation>{label}必须是大小合理的数字；输入的是 {text}。</translation>
        </message>
        <message>
            <source>{label} must be a number without "_"; "{text}" was entered.</source>
            <translation>{label}必须是不含“_”的数字；输入的是“{text}”。</translation>
        </message>
        <message>
            <source>{label} must be a number; "{text}" was entered.</source>
            <translation>{label}必须是数字；输入的是“{text}”。</translation>
        </message>
        <message>
            <source>{label} must be a number; {value!r} was entered.</source>
            <translation>{label}必须是数字；输入的是 {value!r}。</translation>
        </message>
        <message>
            <source>{label} must be a whole number; {value} was entered.</source>
            <translation>{label}必须是整数；输入的是 {value}。</translation>
        </message>
        <message>
            <source>{label} must be at most {max_length} characters; {length} were entered.</source>
            <translation>{label}最多 {max_length} 个字符；输入了 {length} 个。</translation>
        </message>
        <message>
            <source>{label} must be between {low} and {high}{unit}; {shown} was entered.</source>
            <translation>{label}必须在 {low} 到 {high}{unit} 之间；输入的是 {shown}。</translation>
        </message>
        <message>
            <source>{label} must be between {low} and {high}{unit}; {value}{unit} was entered.</source>
            <translation>{label}必须在 {low} 到 {high}{unit} 之间；输入的是 {value}{unit}。</translation>
        </message>
        <message>
            <source>{label} must be one of: {options}; {value!r} was entered.</source>
            <translation>{label}必须是以下之一：{options}；输入的是 {value!r}。</translation>
        </message>
        <message>
            <source>{label} must be text.</source>
            <translation>{label}必须是文字。</translation>
        </message>
        <message>
            <source>{label} must be {choices} when {other} is {other_choices}.</source>
            <translation>{other}为{other_choices}时，{label}必须为{choices}。</translation>
        </message>
        <message>
            <source>{label} needs a unit: {units}.</source>
            <translation>{label}需要单位：{units}。</translation>
        </message>
        <message>
            <source>{label} of {shown} is unusual (expected between {low} and {high}{unit}); please check it.</source>
            <translation>{label}为 {shown}，数值不寻常（预期在 {low} 到 {high}{unit} 之间）；请核对。</translation>
        </message>
        <message>
            <source>{label}: use a point: {suggestion} (a comma could also separate thousands).</source>
            <translation>{label}：请使用小数点：{suggestion}（逗号也可能是千位分隔符）。</translation>
        </message>
        <message>
            <source>{label}: write the number without commas, e.g. {suggestion}.</source>
            <translation>{label}：请不要在数字中使用逗号，例如 {suggestion}。</translation>
        </message>
        <message>
            <source>{label}: {value} does not exist in the time zone {zone} (the clocks were put forward); enter the time the clock showed.</source>
            <translation>{label}：{value} 在时区 {zone} 中不存在（时钟在此时被拨快）；请输入时钟当时显示的时间。</translation>
        </message>
        <message>
            <source>{later} ({later_date}) cannot be before {earlier} ({earlier_date}).</source>
            <translation>{later}（{later_date}）不能早于{earlier}（{earlier_date}）。</translation>
        </message>
        <message>
            <source>{low} to {high}{unit}</source>
            <translation>{low} 至 {high}{unit}</translation>
        </message>
        <message>
            <source>{name!r} is not a time zone name such as Asia/Shanghai or America/New_York.</source>
            <translation>{name!r} 不是时区名称（例如 Asia/Shanghai 或 America/New_York）。</translation>
        </message>
        <message>
            <source>{name} ({role}) may not sign: "{meaning}".</source>
            <translation>{name}（{role}）不能签署：“{meaning}”。</translation>
        </message>
        <message>
            <source>{name} ({role}) may not verify a dose.</source>
            <translation>{name}（{role}）不能核对剂量。</translation>
        </message>
        <message>
            <source>{name} is larger than the limit of {limit} bytes; it was not read.</source>
            <translation>{name} 超过 {limit} 字节的上限，未读取。</translation>
        </message>
        <message>
            <source>{name} is missing or empty; nothing was opened or created.</source>
            <translation>{name} 不存在或为空；未打开也未创建任何文件。</translation>
        </message>
        <message>
            <source>{name} is not a regular file; it was not read.</source>
            <translation>{name} 不是普通文件，未读取。</translation>
        </message>
        <message>
            <source>{name} is not a site database of this app, or it is damaged.</source>
            <translation>{name} 不是本程序的中心数据库，或已损坏。</translation>
        </message>
        <message>
            <source>{number} {unit}</source>
            <translation>{number} {unit}</translation>
        </message>
        <message>
            <source>{original} ({standard})</source>
            <translation>{original}（{standard}）</translation>
        </message>
        <message>
            <source>{outcome}, {part}</source>
            <translation>{outcome}，{part}</translation>
        </message>
        <message>
            <source>{outcome}; new protocol version {versions} received: review it and set the date it takes effect</source>
            <translation>{outcome}；收到新的方案版本 {versions}：请审阅并设定生效日期</translation>
        </message>
        <message>
            <source>{outcome}; the allocation lists, protocol settings or versions it also holds wait for the site administrator to import it</source>
            <translation>{outcome}；其中的随机分配表、方案设置或方案版本需由中心管理员导入</translation>
        </message>
        <message>
            <source>{outcome}; {protocol}</source>
            <translation>{outcome}；{protocol}</translation>
        </message>
        <message>
            <source>{outcome}; {queries}</source>
            <translation>{outcome}；{queries}</translation>
        </message>
        <message>
            <source>{reason} Still missing: {missing}</source>
            <translation>{reason}尚缺：{missing}</translation>
        </message>
        <message>
            <source>{said} {notes}</source>
            <translation>{said}{notes}</translation>
        </message>
        <message>
            <source>{stratum} ({count} entries)</source>
            <translation>{stratum}（{count} 个条目）</translation>
        </message>
        <message>
            <source>{subject_id} cannot be randomized: {reason}</source>
            <translation>{subject_id} 不能随机化：{reason}</translation>
        </message>
        <message>
            <source>{subject_id} has no adverse event number {ae_number}.</source>
            <translation>{subject_id} 没有编号为 {ae_number} 的不良事件。</translation>
        </message>
        <message>
            <source>{subject_id} is in the {arm} arm, which receives no MSC infusion; there is no dosing worksheet to print.</source>
            <translation>{subject_id} 在 {arm} 组，该组不接受 MSC 输注；没有剂量工作表可打印。</translation>
        </message>
        <message>
            <source>{subject_id} is not randomized yet; a dosing worksheet is printed only for randomized participants in the MSC arm.</source>
            <translation>{subject_id} 尚未随机化；剂量工作表只为已随机化且在 MSC 组的受试者打印。</translation>
        </message>
        <message>
            <source>{subject_id}'s end of study is already recorded.</source>
            <translation>{subject_id} 的研究结束已记录。</translation>
        </message>
        <message>
            <source>{target} already exists; choose a new file name for the backup.</source>
            <translation>{target} 已存在；请为备份选择新的文件名。</translation>
        </message>
        <message>
            <source>{target} is a folder; give a file name.</source>
            <translation>{target} 是一个文件夹；请给出文件名。</translation>
        </message>
        <message>
            <source>{text} Confirm this or correct it.</source>
            <translation>{text}请确认或更正。</translation>
        </message>
        <message>
            <source>{user_id} is deactivated; a deactivated account cannot sign in.</source>
            <translation>{user_id} 已停用；停用的账户不能登录。</translation>
        </message>
        <message>
            <source>{viruses} status is not recorded as yes or no.</source>
            <translation>未记录是否有 {viruses} 感染（是或否）。</translation>
        </message>
        <message>
            <source>{visit_code} is not an infusion visit; dosing worksheets are printed for {infusion_visits}.</source>
            <translation>{visit_code} 不是输注访视；剂量工作表只为 {infusion_visits} 打印。</translation>
        </message>
        <message>
            <source>{visits} is not a scheduled visit of this protocol.</source>
            <translation>{visits} 不是本方案计划中的访视。</translation>
        </message>
    </context>
    <context>
        <name>Sheets</name>
        <message id="protocol_line">
            <source>Protocol {protocol} version {version} ({registry})</source>
            <translation>方案 {protocol} 版本 {version}（{registry}）</translation>
        </message>
        <message id="site_line">
            <source>Site {site_id}: {site}</source>
            <translation>研究中心 {site_id}：{site}</translation>
        </message>
        <message id="subject_id">
            <source>Subject ID</source>
            <translation>受试者编号</translation>
        </message>
        <message id="printed_line">
            <source>Printed {moment}</source>
            <translation>打印时间 {moment}</translation>
        </message>
        <message id="reprint">
            <source>REPRINT {number}, printed {moment}</source>
            <translation>重印 第 {number} 次，打印时间 {moment}</translation>
        </message>
        <message id="footer">
            <source>MSC Desktop {version} · {audience}</source>
            <translation>MSC Desktop {version} · {audience}</translation>
        </message>
        <message id="page_of">
            <source>Page {page} of {pages}</source>
            <translation>第 {page} 页，共 {pages} 页</translation>
        </message>
        <message id="for_centre">
            <source>May go to the coordinating centre: subject ID only, no names</source>
            <translation>可发送至协调中心：仅含受试者编号，不含姓名</translation>
        </message>
        <message id="site_records">
            <source>For the site's own records</source>
            <translation>仅供研究中心存档</translation>
        </message>
        <message id="keep_locked">
            <source>Confidential: keep locked away</source>
            <translation>机密：请锁存保管</translation>
        </message>
        <message id="check_code">
            <source>Sheet check code</source>
            <translation>核对码</translation>
        </message>
        <message id="demo_mark">
            <source>DEMO site: not for a real study</source>
            <translation>DEMO 演示中心：不得用于真实研究</translation>
        </message>
        <message id="worksheet_title">
            <source>MSC dosing worksheet</source>
            <translation>干细胞输注剂量计算单</translation>
        </message>
        <message id="arm">
            <source>Arm</source>
            <translation>组别</translation>
        </message>
        <message id="day0">
            <source>Day 0</source>
            <translation>第0天</translation>
        </message>
        <message id="window">
            <source>Visit window</source>
            <translation>访视窗口</translation>
        </message>
        <message id="window_value">
            <source>{opens} to {closes}</source>
            <translation>{opens} 至 {closes}</translation>
        </message>
        <message id="weight_section">
            <source>Body weight</source>
            <translation>体重</translation>
        </message>
        <message id="weighed_age">
            <source>{date} ({days} d before printing)</source>
            <translation>{date}（打印前 {days} 天）</translation>
        </message>
        <message id="baseline_weight">
            <source>Baseline weight (screening)</source>
            <translation>基线体重（筛选期）</translation>
        </message>
        <message id="weight_change">
            <source>Change from baseline</source>
            <translation>较基线变化</translation>
        </message>
        <message id="not_recorded">
            <source>not recorded</source>
            <translation>未记录</translation>
        </message>
        <message id="product_section">
            <source>Cell product</source>
            <translation>细胞产品</translation>
        </message>
        <message id="viable_concentration">
            <source>Viable cell concentration</source>
            <translation>活细胞浓度</translation>
        </message>
        <message id="viable_formula">
            <source>total concentration × viability / 100</source>
            <translation>细胞总浓度 × 活率 / 100</translation>
        </message>
        <message id="release">
            <source>Release status</source>
            <translation>放行状态</translation>
        </message>
        <message id="released">
            <source>Released: viability at least {threshold} %</source>
            <translation>可放行：活率不低于 {threshold} %</translation>
        </message>
        <message id="not_released">
            <source>NOT RELEASED: viability below {threshold} %</source>
            <translation>不可放行：活率低于 {threshold} %</translation>
        </message>
        <message id="dose_section">
            <source>Dose</source>
            <translation>剂量</translation>
        </message>
        <message id="total_cells">
            <source>Total viable cells</source>
            <translation>活细胞总数</translation>
        </message>
        <message id="cells_formula">
            <source>{cells} cells = {weight} kg × {dose} viable cells/kg (target dose)</source>
            <translation>{cells} 个细胞 = {weight} kg × {dose} 个活细胞/kg（目标剂量）</translation>
        </message>
        <message id="volume_to_infuse">
            <source>Volume to infuse</source>
            <translation>输注体积</translation>
        </message>
        <message id="volume_formula">
            <source>= {cells} cells / {viable} viable cells/mL, rounded {rounding}</source>
            <translation>= {cells} 个细胞 / {viable} 个活细胞/mL，{rounding}</translation>
        </message>
        <message id="rounding">
            <source>half-up to {step} mL</source>
            <translation>四舍五入至 {step} mL</translation>
        </message>
        <message id="plausible_limits">
            <source>Protocol limits: total concentration {conc_low} to {conc_high} cells/mL; volume {vol_low} to {vol_high} mL per infusion</source>
            <translation>方案限值：细胞总浓度 {conc_low} 至 {conc_high} 个细胞/mL；每次输注体积 {vol_low} 至 {vol_high} mL</translation>
        </message>
        <message id="flags_section">
            <source>Check before infusing</source>
            <translation>输注前请核查</translation>
        </message>
        <message id="flag_LOW_VIABILITY">
            <source>Viability {viability} % is below the {threshold} % release threshold: the product may not be infused without an investigator's signed override.</source>
            <translation>活率 {viability} % 低于放行标准 {threshold} %：须经研究者签字批准方可输注。</translation>
        </message>
        <message id="flag_WEIGHT_CHANGE">
            <source>Weight differs from baseline by {change} %, more than {limit} %: check the weight.</source>
            <translation>体重较基线变化 {change} %，超过 {limit} %：请核实体重。</translation>
        </message>
        <message id="flag_WEIGHT_OLD">
            <source>The weight is {days} days old; the protocol allows at most {limit}: weigh the participant again and plan the dose again.</source>
            <translation>体重测量已 {days} 天，方案规定不超过 {limit} 天：请重新称重并重新计算剂量。</translation>
        </message>
        <message id="flag_PRODUCT_EXPIRED">
            <source>The product expired on {expiry}: it must not be infused.</source>
            <translation>产品已于 {expiry} 过期：不得输注。</translation>
        </message>
        <message id="flag_OUTSIDE_WINDOW">
            <source>Today ({today}) is outside the visit window ({opens} to {closes}): an infusion today is a protocol deviation.</source>
            <translation>今天（{today}）不在访视窗口内（{opens} 至 {closes}）：今日输注属于方案偏离。</translation>
        </message>
        <message id="administration">
            <source>Administration (fill in by hand, then enter in MSC Desktop)</source>
            <translation>输注记录（手工填写后录入 MSC Desktop）</translation>
        </message>
        <message id="date_time_blank">
            <source>____-__-__  __:__</source>
            <translation>____-__-__  __:__</translation>
        </message>
        <message id="expected_range">
            <source>expected {low} to {high}</source>
            <translation>预期 {low} 至 {high}</translation>
        </message>
        <message id="reaction_describe">
            <source>If yes, describe:</source>
            <translation>如是，请描述：</translation>
        </message>
        <message id="vitals_section">
            <source>Vital signs</source>
            <translation>生命体征</translation>
        </message>
        <message id="time_point">
            <source>Time point</source>
            <translation>时间点</translation>
        </message>
        <message id="clock_time">
            <source>Time (HH:MM)</source>
            <translation>时间（时:分）</translation>
        </message>
        <message id="vitals_before">
            <source>Before infusion</source>
            <translation>输注前</translation>
        </message>
        <message id="vitals_15min">
            <source>15 min after start</source>
            <translation>开始后15分钟</translation>
        </message>
        <message id="vitals_end">
            <source>End of infusion</source>
            <translation>输注结束时</translation>
        </message>
        <message id="vitals_1h">
            <source>1 h after the end</source>
            <translation>结束后1小时</translation>
        </message>
        <message id="signatures">
            <source>Signatures</source>
            <translation>签名</translation>
        </message>
        <message id="role">
            <source>Role</source>
            <translation>职责</translation>
        </message>
        <message id="printed_name">
            <source>Printed name</source>
            <translation>姓名（正楷）</translation>
        </message>
        <message id="signature">
            <source>Signature</source>
            <translation>签名</translation>
        </message>
        <message id="date_time">
            <source>Date and time</source>
            <translation>日期和时间</translation>
        </message>
        <message id="prepared_by">
            <source>Prepared by</source>
            <translation>配制人</translation>
        </message>
        <message id="verified_by">
            <source>Verified by (second person)</source>
            <translation>核对人（第二人）</translation>
        </message>
        <message id="override_by">
            <source>Release override (investigator)</source>
            <translation>放行批准（研究者）</translation>
        </message>
        <message id="blank_forms_title">
            <source>Paper case report forms (downtime)</source>
            <translation>纸质病例报告表（系统停用时使用）</translation>
        </message>
        <message id="blank_forms_intro">
            <source>Fill in when MSC Desktop cannot be used; type the values in later, in the same order. Fields marked * are required. Write dates as YYYY-MM-DD and times as HH:MM (24 h).</source>
            <translation>MSC Desktop 无法使用时填写，之后按相同顺序录入系统。带 * 为必填项。日期写作 年-月-日，时间写作 时:分（24小时制）。</translation>
        </message>
        <message id="form_visit_blank">
            <source>Visit date: ____-__-__      Completed by: ______________</source>
            <translation>访视日期：____-__-__      填写人：______________</translation>
        </message>
        <message id="field">
            <source>Field</source>
            <translation>项目</translation>
        </message>
        <message id="entry">
            <source>Entry</source>
            <translation>填写</translation>
        </message>
        <message id="unit_range">
            <source>Unit and range</source>
            <translation>单位与范围</translation>
        </message>
        <message id="lab_test">
            <source>Laboratory test</source>
            <translation>检验项目</translation>
        </message>
        <message id="result">
            <source>Result</source>
            <translation>结果</translation>
        </message>
        <message id="unit_tick">
            <source>Unit (tick one)</source>
            <translation>单位（勾选）</translation>
        </message>
        <message id="accepted_range">
            <source>Accepted range</source>
            <translation>允许范围</translation>
        </message>
        <message id="range">
            <source>{low} to {high} {unit}</source>
            <translation>{low} 至 {high} {unit}</translation>
        </message>
        <message id="site_only_mark">
            <source>site only: never sent</source>
            <translation>仅限本中心：不外传</translation>
        </message>
        <message id="max_chars">
            <source>max. {count} characters</source>
            <translation>最多 {count} 字</translation>
        </message>
        <message id="step">
            <source>step {step}</source>
            <translation>精确到 {step}</translation>
        </message>
        <message id="rules">
            <source>Checks</source>
            <translation>核查规则</translation>
        </message>
        <message id="rule_date_order">
            <source>{earlier} must not be after {later}.</source>
            <translation>{earlier} 不得晚于 {later}。</translation>
        </message>
        <message id="rule_within_days">
            <source>{earlier} at most {days} days before {later}.</source>
            <translation>{earlier} 不得早于 {later} 超过 {days} 天。</translation>
        </message>
        <message id="rule_required_if">
            <source>{field} is required when {when} is {values}.</source>
            <translation>{when} 为 {values} 时，{field} 必填。</translation>
        </message>
        <message id="rule_implies">
            <source>When {when} is {values}, {then} must be {then_values}.</source>
            <translation>{when} 为 {values} 时，{then} 须为 {then_values}。</translation>
        </message>
        <message id="rule_expect_any">
            <source>When {when} is {values}, at least one of {fields} is expected to be {then_values}; otherwise confirm or correct.</source>
            <translation>{when} 为 {values} 时，{fields} 中应至少一项为 {then_values}；否则请确认或更正。</translation>
        </message>
        <message id="rule_not_future_moment">
            <source>{date} and {time} must not be in the future.</source>
            <translation>{date} 和 {time} 不得晚于当前时间。</translation>
        </message>
        <message id="applies_if">
            <source>only if {field} is {values}</source>
            <translation>仅当 {field} 为 {values} 时填写</translation>
        </message>
        <message id="form_applies_if">
            <source>Only if {field} is {values}.</source>
            <translation>仅当 {field} 为 {values} 时填写本表。</translation>
        </message>
        <message id="or">
            <source> or </source>
            <translation> 或 </translation>
        </message>
        <message id="form_signature">
            <source>Completed by (name, signature, date): ______________________________</source>
            <translation>填写人（姓名、签名、日期）：______________________________</translation>
        </message>
        <message id="sae_title">
            <source>Serious adverse event report</source>
            <translation>严重不良事件报告</translation>
        </message>
        <message id="sae_event">
            <source>Event</source>
            <translation>事件</translation>
        </message>
        <message id="ae_number">
            <source>AE number</source>
            <translation>不良事件编号</translation>
        </message>
        <message id="sex">
            <source>Sex</source>
            <translation>性别</translation>
        </message>
        <message id="age_at_onset">
            <source>Age at onset</source>
            <translation>发生时年龄</translation>
        </message>
        <message id="years">
            <source>{years} years</source>
            <translation>{years} 岁</translation>
        </message>
        <message id="seriousness">
            <source>Seriousness criteria (ICH E2A)</source>
            <translation>严重性标准（ICH E2A）</translation>
        </message>
        <message id="related_infusion">
            <source>Related infusion visit</source>
            <translation>相关输注访视</translation>
        </message>
        <message id="none">
            <source>none</source>
            <translation>无</translation>
        </message>
        <message id="description">
            <source>Description</source>
            <translation>描述</translation>
        </message>
        <message id="reporting">
            <source>Reporting</source>
            <translation>报告</translation>
        </message>
        <message id="report_deadline">
            <source>Report to the coordinating centre by</source>
            <translation>须报告协调中心的截止时间</translation>
        </message>
        <message id="reported_at">
            <source>Reported to the centre</source>
            <translation>已报告协调中心</translation>
        </message>
        <message id="not_yet">
            <source>not yet</source>
            <translation>尚未报告</translation>
        </message>
        <message id="overdue">
            <source>OVERDUE</source>
            <translation>已逾期</translation>
        </message>
        <message id="deadline_rule">
            <source>within {hours} hours of the site becoming aware</source>
            <translation>研究中心获知后 {hours} 小时内</translation>
        </message>
        <message id="investigator_signature">
            <source>Investigator</source>
            <translation>研究者</translation>
        </message>
        <message id="yes">
            <source>Yes</source>
            <translation>是</translation>
        </message>
        <message id="no">
            <source>No</source>
            <translation>否</translation>
        </message>
        <message id="recovery_title">
            <source>Site recovery key</source>
            <translation>研究中心恢复密钥</translation>
        </message>
        <message id="recovery_key">
            <source>Recovery key</source>
            <translation>恢复密钥</translation>
        </message>
        <message id="site">
            <source>Site</source>
            <translation>研究中心</translation>
        </message>
        <message id="site_created">
            <source>Site created</source>
            <translation>研究中心创建时间</translation>
        </message>
        <message id="recovery_warning">
            <source>This key opens the site's encrypted database when no user password works. Anyone holding it can read every participant's data. It is printed once and cannot be shown again.</source>
            <translation>当所有用户密码均无法使用时，此密钥可打开本中心的加密数据库。持有者可读取所有受试者数据。此密钥仅打印一次，无法再次显示。</translation>
        </message>
        <message id="recovery_keep">
            <source>Keep this sheet in a locked cabinet or safe at the site, away from the computer, and record who may open it. Do not photograph, scan, copy or e-mail it.</source>
            <translation>请将本页锁存于研究中心的文件柜或保险箱中，远离电脑，并记录有权开启者。请勿拍照、扫描、复印或通过电子邮件发送。</translation>
        </message>
        <message id="recovery_use">
            <source>MSC Desktop asks for it only when the database must be opened without a user password; the groups may be typed in capitals or small letters, with or without dashes.</source>
            <translation>仅在无法使用任何用户密码打开数据库时，MSC Desktop 才会要求输入此密钥；输入时不区分大小写，可包含或省略连字符。</translation>
        </message>
        <message id="stored_by">
            <source>Stored by (name, signature, date): ______________________________</source>
            <translation>保管人（姓名、签名、日期）：______________________________</translation>
        </message>
    </context>
    <context>
        <name>Units</name>
        <message id="cells/mL">
            <source>cells/mL</source>
            <translation>个细胞/mL</translation>
        </message>
        <message id="beats/min">
            <source>beats/min</source>
            <translation>次/分</translation>
        </message>
        <message id="breaths/min">
            <source>breaths/min</source>
            <translation>次/分</translation>
        </message>
        <message id="ratio">
            <source>ratio</source>
            <translation>比值</translation>
        </message>
    </context>
    <context>
        <name>Pages</name>
        <message id="app_name">
            <source>MSC trial coordinating centre</source>
            <translation>MSC 试验协调中心</translation>
        </message>
        <message id="nav_overview">
            <source>Overview</source>
            <translation>概览</translation>
        </message>
        <message id="nav_sites">
            <source>Sites and sync</source>
            <translation>研究中心与同步</translation>
        </message>
        <message id="nav_enrolment">
            <source>Enrolment</source>
            <translation>入组</translation>
        </message>
        <message id="nav_safety">
            <source>Safety</source>
            <translation>安全性</translation>
        </message>
        <message id="nav_completeness">
            <source>Completeness</source>
            <translation>数据完整性</translation>
        </message>
        <message id="nav_casebook">
            <source>Casebooks</source>
            <translation>病例档案</translation>
        </message>
        <message id="nav_exports">
            <source>Exports</source>
            <translation>数据导出</translation>
        </message>
        <message id="nav_users">
            <source>Users</source>
            <translation>用户</translation>
        </message>
        <message id="nav_audit">
            <source>Audit log</source>
            <translation>审计日志</translation>
        </message>
        <message id="nav_account">
            <source>Account</source>
            <translation>账户</translation>
        </message>
        <message id="sign_in">
            <source>Sign in</source>
            <translation>登录</translation>
        </message>
        <message id="sign_out">
            <source>Sign out</source>
            <translation>退出登录</translation>
        </message>
        <message id="user_name">
            <source>User name</source>
            <translation>用户名</translation>
        </message>
        <message id="password">
            <source>Password</source>
            <translation>密码</translation>
        </message>
        <message id="notice">
            <source>Notice</source>
            <translation>提示</translation>
        </message>
        <message id="back_overview">
            <source>Back to the overview</source>
            <translation>返回概览</translation>
        </message>
        <message id="role_admin">
            <source>administrator</source>
            <translation>管理员</translation>
        </message>
        <message id="role_data-manager">
            <source>data manager</source>
            <translation>数据管理员</translation>
        </message>
        <message id="role_monitor">
            <source>monitor</source>
            <translation>监查员</translation>
        </message>
        <message id="role_statistician">
            <source>statistician</source>
            <translation>统计师</translation>
        </message>
        <message id="sign_in_first">
            <source>Sign in first.</source>
            <translation>请先登录。</translation>
        </message>
        <message id="not_for_role">
            <source>Your role cannot open this page.</source>
            <translation>您的角色无权打开此页面。</translation>
        </message>
        <message id="csrf_failed">
            <source>The form has expired or did not come from this page; open the page again and repeat.</source>
            <translation>表单已过期或并非来自本页面；请重新打开页面后再试。</translation>
        </message>
        <message id="not_found">
            <source>There is no such page or file.</source>
            <translation>没有此页面或文件。</translation>
        </message>
        <message id="method_not_allowed">
            <source>This page cannot be used that way.</source>
            <translation>不能以这种方式使用此页面。</translation>
        </message>
        <message id="failed">
            <source>The centre could not show this page; the fault is logged. Try again later.</source>
            <translation>协调中心无法显示此页面，故障已记录。请稍后再试。</translation>
        </message>
        <message id="bad_parameter">
            <source>The address holds a value that is not allowed ({name}).</source>
            <translation>地址中含有不允许的值（{name}）。</translation>
        </message>
        <message id="bad_number">
            <source>Give a whole number from {low} to {high}.</source>
            <translation>请输入 {low} 至 {high} 之间的整数。</translation>
        </message>
        <message id="length_required">
            <source>The form was sent without its length.</source>
            <translation>表单发送时缺少长度信息。</translation>
        </message>
        <message id="too_many_sign_ins">
            <source>Too many sign-in attempts from this computer; wait a minute.</source>
            <translation>此计算机的登录尝试过多；请等待一分钟。</translation>
        </message>
        <message id="form_too_large">
            <source>The form is too large.</source>
            <translation>表单过大。</translation>
        </message>
        <message id="form_unreadable">
            <source>The form could not be read.</source>
            <translation>无法读取该表单。</translation>
        </message>
        <message id="no_site">
            <source>There is no registered site with this id.</source>
            <translation>没有使用此编号的已注册研究中心。</translation>
        </message>
        <message id="no_participant">
            <source>There is no participant with this id at this site.</source>
            <translation>该研究中心没有此编号的受试者。</translation>
        </message>
        <message id="not_yourself">
            <source>You cannot deactivate your own account.</source>
            <translation>不能停用您自己的账户。</translation>
        </message>
        <message id="passwords_differ">
            <source>The two new passwords differ.</source>
            <translation>两次输入的新密码不一致。</translation>
        </message>
        <message id="password_changed">
            <source>Your password is changed.</source>
            <translation>您的密码已更改。</translation>
        </message>
        <message id="package_refused">
            <source>The site package could not be made; see the centre's log.</source>
            <translation>无法生成研究中心数据包；请查看协调中心日志。</translation>
        </message>
        <message id="export_refused">
            <source>The export could not be made; see the centre's log.</source>
            <translation>无法生成导出文件；请查看协调中心日志。</translation>
        </message>
        <message id="overview_title">
            <source>Trial overview</source>
            <translation>试验概览</translation>
        </message>
        <message id="screened">
            <source>Screened</source>
            <translation>已筛选</translation>
        </message>
        <message id="screen_failed">
            <source>Screen failed</source>
            <translation>筛选失败</translation>
        </message>
        <message id="in_screening">
            <source>In screening</source>
            <translation>筛选中</translation>
        </message>
        <message id="randomized">
            <source>Randomized</source>
            <translation>已随机</translation>
        </message>
        <message id="randomized_of_target">
            <source>Randomized (target {target})</source>
            <translation>已随机（目标 {target} 例）</translation>
        </message>
        <message id="sites_count">
            <source>Registered sites</source>
            <translation>已注册研究中心</translation>
        </message>
        <message id="site">
            <source>Site</source>
            <translation>研究中心</translation>
        </message>
        <message id="participants">
            <source>Participants</source>
            <translation>受试者</translation>
        </message>
        <message id="participant">
            <source>Participant</source>
            <translation>受试者</translation>
        </message>
        <message id="days_ago">
            <source>{days} d ago</source>
            <translation>{days} 天前</translation>
        </message>
        <message id="never">
            <source>never</source>
            <translation>从未</translation>
        </message>
        <message id="age_legend">
            <source>Last bundle: amber after 7 days without one, red after 14.</source>
            <translation>最近数据包：超过 7 天未收到显示黄色，超过 14 天显示红色。</translation>
        </message>
        <message id="sites_title">
            <source>Sites and sync</source>
            <translation>研究中心与同步</translation>
        </message>
        <message id="register_site">
            <source>Register a site</source>
            <translation>注册研究中心</translation>
        </message>
        <message id="revoked">
            <source>key revoked</source>
            <translation>密钥已吊销</translation>
        </message>
        <message id="fingerprint">
            <source>Key fingerprint</source>
            <translation>密钥指纹</translation>
        </message>
        <message id="registered_at">
            <source>Registered</source>
            <translation>注册时间</translation>
        </message>
        <message id="last_bundle">
            <source>Last bundle received</source>
            <translation>最近收到的数据包</translation>
        </message>
        <message id="contiguous">
            <source>Records acknowledged (contiguous)</source>
            <translation>已确认记录（连续）</translation>
        </message>
        <message id="time_flags">
            <source>Records whose times run backwards</source>
            <translation>时间倒流的记录</translation>
        </message>
        <message id="allocation_left">
            <source>Allocation entries left</source>
            <translation>剩余随机分配条目</translation>
        </message>
        <message id="stratum">
            <source>Stratum</source>
            <translation>分层</translation>
        </message>
        <message id="allocation_list">
            <source>Allocation list</source>
            <translation>随机分配表</translation>
        </message>
        <message id="list_number">
            <source>List no.</source>
            <translation>分配表序号</translation>
        </message>
        <message id="entries_left">
            <source>Entries left</source>
            <translation>剩余条目</translation>
        </message>
        <message id="left_of">
            <source>{left} of {issued}</source>
            <translation>剩余 {left}／共 {issued}</translation>
        </message>
        <message id="held_bundles">
            <source>Bundles held (waiting for an earlier one)</source>
            <translation>暂存的数据包（等待更早的数据包）</translation>
        </message>
        <message id="file">
            <source>File</source>
            <translation>文件</translation>
        </message>
        <message id="records">
            <source>Records</source>
            <translation>记录</translation>
        </message>
        <message id="waits_for">
            <source>Waits for</source>
            <translation>等待</translation>
        </message>
        <message id="quarantine">
            <source>Quarantined files</source>
            <translation>隔离的文件</translation>
        </message>
        <message id="kept_at">
            <source>Kept</source>
            <translation>保存时间</translation>
        </message>
        <message id="reason">
            <source>Reason</source>
            <translation>原因</translation>
        </message>
        <message id="receipts">
            <source>Receipts issued</source>
            <translation>已签发回执</translation>
        </message>
        <message id="none">
            <source>none</source>
            <translation>无</translation>
        </message>
        <message id="no_sites">
            <source>No site is registered yet.</source>
            <translation>尚未注册任何研究中心。</translation>
        </message>
        <message id="expected_enrolment">
            <source>Expected enrolment</source>
            <translation>预计入组人数</translation>
        </message>
        <message id="download_package">
            <source>Download the site package</source>
            <translation>下载研究中心数据包</translation>
        </message>
        <message id="site_id">
            <source>Site id</source>
            <translation>研究中心编号</translation>
        </message>
        <message id="key_file">
            <source>The site's public key file (site.pub)</source>
            <translation>研究中心公钥文件（site.pub）</translation>
        </message>
        <message id="check_key">
            <source>Read the key</source>
            <translation>读取密钥</translation>
        </message>
        <message id="compare_fingerprint">
            <source>Compare this fingerprint with the one site {site} reads out to you (by telephone, not by e-mail):</source>
            <translation>请将此指纹与研究中心 {site} 向您口头宣读的指纹核对（通过电话，而非电子邮件）：</translation>
        </message>
        <message id="fingerprint_matches">
            <source>The site read out the same fingerprint.</source>
            <translation>研究中心宣读的指纹与此一致。</translation>
        </message>
        <message id="register">
            <source>Register the site</source>
            <translation>注册研究中心</translation>
        </message>
        <message id="compare_first">
            <source>Confirm that you compared the fingerprint.</source>
            <translation>请确认您已核对指纹。</translation>
        </message>
        <message id="bad_site_id">
            <source>A site id is 1 to 32 letters, digits, dots, dashes or underscores.</source>
            <translation>研究中心编号为 1 至 32 个字母、数字、点、连字符或下划线。</translation>
        </message>
        <message id="key_file_missing">
            <source>Choose the site's key file.</source>
            <translation>请选择研究中心的密钥文件。</translation>
        </message>
        <message id="key_file_too_large">
            <source>That file is too large to be a key file.</source>
            <translation>该文件过大，不是密钥文件。</translation>
        </message>
        <message id="key_file_invalid">
            <source>That file is not a valid site key file.</source>
            <translation>该文件不是有效的研究中心密钥文件。</translation>
        </message>
        <message id="key_other_site">
            <source>The key file belongs to site {found}, not to site {site}.</source>
            <translation>该密钥文件属于研究中心 {found}，而非研究中心 {site}。</translation>
        </message>
        <message id="site_registered">
            <source>Site {site} is registered with the fingerprint {fingerprint}.</source>
            <translation>研究中心 {site} 已注册，指纹为 {fingerprint}。</translation>
        </message>
        <message id="enrolment_title">
            <source>Enrolment</source>
            <translation>入组情况</translation>
        </message>
        <message id="by_site">
            <source>By site</source>
            <translation>按研究中心</translation>
        </message>
        <message id="by_arm_stratum">
            <source>Randomized by arm and stratum</source>
            <translation>按组别和分层的随机人数</translation>
        </message>
        <message id="arm">
            <source>Arm</source>
            <translation>组别</translation>
        </message>
        <message id="failure_reasons">
            <source>Screen failures by reason</source>
            <translation>筛选失败原因</translation>
        </message>
        <message id="criterion">
            <source>Criterion not met</source>
            <translation>未满足的标准</translation>
        </message>
        <message id="reason_other">
            <source>Another criterion (age, Child-Pugh score, decompensation or lab dates)</source>
            <translation>其他标准（年龄、Child-Pugh 评分、失代偿或化验日期）</translation>
        </message>
        <message id="reasons_note">
            <source>A participant may fail more than one criterion.</source>
            <translation>一名受试者可能不满足多项标准。</translation>
        </message>
        <message id="consort">
            <source>CONSORT flow</source>
            <translation>CONSORT 流程图</translation>
        </message>
        <message id="consort_screened">
            <source>Assessed for eligibility</source>
            <translation>评估是否符合入选条件</translation>
        </message>
        <message id="consort_excluded">
            <source>Not randomized</source>
            <translation>未随机</translation>
        </message>
        <message id="consort_failed">
            <source>Screen failed</source>
            <translation>筛选失败</translation>
        </message>
        <message id="consort_in_screening">
            <source>Still in screening</source>
            <translation>仍在筛选中</translation>
        </message>
        <message id="consort_randomized">
            <source>Randomized</source>
            <translation>随机分组</translation>
        </message>
        <message id="consort_allocated">
            <source>Allocated</source>
            <translation>分配</translation>
        </message>
        <message id="consort_infused">
            <source>Received at least one infusion</source>
            <translation>至少接受一次输注</translation>
        </message>
        <message id="consort_discontinued">
            <source>Discontinued</source>
            <translation>终止</translation>
        </message>
        <message id="consort_completed">
            <source>Completed</source>
            <translation>完成</translation>
        </message>
        <message id="recruitment">
            <source>Randomized per month (by day 0) and in total</source>
            <translation>每月随机人数（按第 0 天）及累计</translation>
        </message>
        <message id="target">
            <source>Target</source>
            <translation>目标</translation>
        </message>
        <message id="safety_title">
            <source>Safety</source>
            <translation>安全性</translation>
        </message>
        <message id="sae_list">
            <source>Serious adverse events</source>
            <translation>严重不良事件</translation>
        </message>
        <message id="sae_rule">
            <source>Each must be reported within {hours} hours of the site becoming aware of it (the earlier of the site's report and the centre's receipt counts).</source>
            <translation>每例须在研究中心获知后 {hours} 小时内报告（以研究中心报告时间与协调中心接收时间中较早者为准）。</translation>
        </message>
        <message id="ae_number">
            <source>AE no.</source>
            <translation>不良事件序号</translation>
        </message>
        <message id="term">
            <source>Term</source>
            <translation>名称</translation>
        </message>
        <message id="onset">
            <source>Onset</source>
            <translation>发生日期</translation>
        </message>
        <message id="aware_at">
            <source>Site aware</source>
            <translation>研究中心获知时间</translation>
        </message>
        <message id="reported_at">
            <source>Site reported</source>
            <translation>研究中心报告时间</translation>
        </message>
        <message id="received_at">
            <source>Centre received</source>
            <translation>协调中心接收时间</translation>
        </message>
        <message id="report_status">
            <source>Report in time</source>
            <translation>是否按时报告</translation>
        </message>
        <message id="sae_met">
            <source>met</source>
            <translation>按时</translation>
        </message>
        <message id="sae_late">
            <source>late</source>
            <translation>逾期</translation>
        </message>
        <message id="sae_overdue">
            <source>overdue, not reported</source>
            <translation>已超时，未报告</translation>
        </message>
        <message id="sae_pending">
            <source>not reported yet</source>
            <translation>尚未报告</translation>
        </message>
        <message id="hours">
            <source>{hours} h</source>
            <translation>{hours} 小时</translation>
        </message>
        <message id="ae_by_grade">
            <source>Adverse events by arm and grade</source>
            <translation>按组别和分级的不良事件</translation>
        </message>
        <message id="ae_by_relation">
            <source>Adverse events by arm and relationship</source>
            <translation>按组别和相关性的不良事件</translation>
        </message>
        <message id="grade">
            <source>Grade</source>
            <translation>分级</translation>
        </message>
        <message id="relationship">
            <source>Relationship to MSC</source>
            <translation>与干细胞的相关性</translation>
        </message>
        <message id="total">
            <source>Total</source>
            <translation>合计</translation>
        </message>
        <message id="completeness_title">
            <source>Completeness</source>
            <translation>数据完整性</translation>
        </message>
        <message id="all_sites">
            <source>all sites</source>
            <translation>全部研究中心</translation>
        </message>
        <message id="show">
            <source>Show</source>
            <translation>显示</translation>
        </message>
        <message id="by_participant">
            <source>By participant</source>
            <translation>按受试者</translation>
        </message>
        <message id="visits_done">
            <source>Visits done</source>
            <translation>已完成访视</translation>
        </message>
        <message id="visits_due">
            <source>Due</source>
            <translation>应访视</translation>
        </message>
        <message id="visits_overdue">
            <source>Overdue</source>
            <translation>逾期</translation>
        </message>
        <message id="visits_missed">
            <source>Missed</source>
            <translation>缺失</translation>
        </message>
        <message id="forms_incomplete">
            <source>Forms missing required items</source>
            <translation>缺少必填项的表单</translation>
        </message>
        <message id="infusions">
            <source>MSC infusions given / expected</source>
            <translation>干细胞输注 已完成／应完成</translation>
        </message>
        <message id="infusions_msc">
            <source>MSC infusions</source>
            <translation>干细胞输注</translation>
        </message>
        <message id="page_of">
            <source>Page {page} of {pages}</source>
            <translation>第 {page} 页，共 {pages} 页</translation>
        </message>
        <message id="previous">
            <source>Previous</source>
            <translation>上一页</translation>
        </message>
        <message id="next">
            <source>Next</source>
            <translation>下一页</translation>
        </message>
        <message id="casebook_title">
            <source>Casebooks</source>
            <translation>病例档案</translation>
        </message>
        <message id="casebook_of">
            <source>Casebook of {subject}</source>
            <translation>受试者 {subject} 的病例档案</translation>
        </message>
        <message id="read_only_print">
            <source>Read only. Print it with the browser's Print command.</source>
            <translation>只读。请使用浏览器的打印命令打印。</translation>
        </message>
        <message id="item">
            <source>Item</source>
            <translation>条目</translation>
        </message>
        <message id="value">
            <source>Value</source>
            <translation>值</translation>
        </message>
        <message id="unit">
            <source>Unit</source>
            <translation>单位</translation>
        </message>
        <message id="protocol_version">
            <source>Protocol version</source>
            <translation>方案版本</translation>
        </message>
        <message id="history">
            <source>Audit history</source>
            <translation>稽查轨迹</translation>
        </message>
        <message id="removed">
            <source>removed</source>
            <translation>已删除</translation>
        </message>
        <message id="signatures">
            <source>Signatures</source>
            <translation>签名</translation>
        </message>
        <message id="action_insert">
            <source>entered</source>
            <translation>录入</translation>
        </message>
        <message id="action_update">
            <source>changed</source>
            <translation>修改</translation>
        </message>
        <message id="action_delete">
            <source>removed</source>
            <translation>删除</translation>
        </message>
        <message id="action_event">
            <source>noted</source>
            <translation>记录</translation>
        </message>
        <message id="exports_title">
            <source>Exports</source>
            <translation>数据导出</translation>
        </message>
        <message id="export_odm">
            <source>Pooled data of all sites as CDISC ODM 1.3.2 (XML)</source>
            <translation>全部研究中心的汇总数据，CDISC ODM 1.3.2 格式（XML）</translation>
        </message>
        <message id="export_csv">
            <source>SDTM datasets and CONSORT counts (CSV, zipped)</source>
            <translation>SDTM 数据集及 CONSORT 计数（CSV，压缩包）</translation>
        </message>
        <message id="export_sdtm">
            <source>SDTM submission: datasets as CSV and SAS transport (XPT) with define.xml (zipped)</source>
            <translation>SDTM 递交数据包：CSV 与 SAS 传输格式（XPT）数据集及 define.xml（压缩包）</translation>
        </message>
        <message id="export_adam">
            <source>ADaM analysis dataset (change from baseline): CSV, XPT and define.xml (zipped)</source>
            <translation>ADaM 分析数据集（相对基线的变化）：CSV、XPT 及 define.xml（压缩包）</translation>
        </message>
        <message id="export_define">
            <source>Define-XML 2.0 of the SDTM datasets (define.xml)</source>
            <translation>SDTM 数据集的 Define-XML 2.0（define.xml）</translation>
        </message>
        <message id="export_report">
            <source>DSMB summary report: enrolment, exposure, serious adverse events, endpoints (PDF)</source>
            <translation>数据安全监查委员会（DSMB）汇总报告：入组、暴露、严重不良事件、终点（PDF）</translation>
        </message>
        <message id="export_download">
            <source>Download</source>
            <translation>下载</translation>
        </message>
        <message id="no_export">
            <source>There is no such export; the exports are {exports}.</source>
            <translation>没有此导出项；可用的导出项为 {exports}。</translation>
        </message>
        <message id="exports_note">
            <source>Each download is made from the data as they are now and is recorded in the audit log.</source>
            <translation>每次下载均根据当前数据生成，并记录在审计日志中。</translation>
        </message>
        <message id="users_title">
            <source>Users</source>
            <translation>用户</translation>
        </message>
        <message id="role">
            <source>Role</source>
            <translation>角色</translation>
        </message>
        <message id="state">
            <source>State</source>
            <translation>状态</translation>
        </message>
        <message id="created">
            <source>Created</source>
            <translation>创建时间</translation>
        </message>
        <message id="active">
            <source>active</source>
            <translation>有效</translation>
        </message>
        <message id="deactivated">
            <source>deactivated</source>
            <translation>已停用</translation>
        </message>
        <message id="locked_until">
            <source>locked until {moment} UTC</source>
            <translation>锁定至 {moment}（协调世界时）</translation>
        </message>
        <message id="deactivate">
            <source>Deactivate</source>
            <translation>停用</translation>
        </message>
        <message id="add_user">
            <source>Add a user</source>
            <translation>添加用户</translation>
        </message>
        <message id="audit_title">
            <source>The centre's audit log</source>
            <translation>协调中心审计日志</translation>
        </message>
        <message id="time_utc">
            <source>Time (UTC)</source>
            <translation>时间（协调世界时）</translation>
        </message>
        <message id="event">
            <source>Event</source>
            <translation>事件</translation>
        </message>
        <message id="command_line">
            <source>command line</source>
            <translation>命令行</translation>
        </message>
        <message id="detail">
            <source>Detail</source>
            <translation>详情</translation>
        </message>
        <message id="address">
            <source>Address</source>
            <translation>地址</translation>
        </message>
        <message id="event_signed_in">
            <source>signed in</source>
            <translation>登录</translation>
        </message>
        <message id="event_signed_out">
            <source>signed out</source>
            <translation>退出登录</translation>
        </message>
        <message id="event_sign_in_failed">
            <source>sign-in failed</source>
            <translation>登录失败</translation>
        </message>
        <message id="event_account_locked">
            <source>account locked</source>
            <translation>账户已锁定</translation>
        </message>
        <message id="event_session_expired">
            <source>session expired</source>
            <translation>会话已过期</translation>
        </message>
        <message id="event_user_added">
            <source>user added</source>
            <translation>添加用户</translation>
        </message>
        <message id="event_user_deactivated">
            <source>user deactivated</source>
            <translation>停用用户</translation>
        </message>
        <message id="event_password_changed">
            <source>password changed</source>
            <translation>更改密码</translation>
        </message>
        <message id="event_password_change_refused">
            <source>password change refused</source>
            <translation>拒绝更改密码</translation>
        </message>
        <message id="event_site_registered">
            <source>site registered</source>
            <translation>注册研究中心</translation>
        </message>
        <message id="event_site_package">
            <source>site package made</source>
            <translation>生成研究中心数据包</translation>
        </message>
        <message id="event_quarantine_download">
            <source>quarantined file downloaded</source>
            <translation>下载隔离文件</translation>
        </message>
        <message id="event_casebook_viewed">
            <source>casebook viewed</source>
            <translation>查看病例档案</translation>
        </message>
        <message id="event_export_downloaded">
            <source>export downloaded</source>
            <translation>下载导出文件</translation>
        </message>
        <message id="nav_queries">
            <source>Queries</source>
            <translation>数据质疑</translation>
        </message>
        <message id="queries_title">
            <source>Data queries</source>
            <translation>数据质疑</translation>
        </message>
        <message id="all_states">
            <source>all states</source>
            <translation>全部状态</translation>
        </message>
        <message id="query_open">
            <source>open</source>
            <translation>待回复</translation>
        </message>
        <message id="query_answered">
            <source>answered</source>
            <translation>已回复</translation>
        </message>
        <message id="query_closed">
            <source>closed</source>
            <translation>已关闭</translation>
        </message>
        <message id="no_queries">
            <source>No query matches.</source>
            <translation>没有符合条件的质疑。</translation>
        </message>
        <message id="query_number">
            <source>Query {number}</source>
            <translation>质疑 {number}</translation>
        </message>
        <message id="origin_soft_range">
            <source>edit check: value outside the expected range</source>
            <translation>核查规则：数值超出预期范围</translation>
        </message>
        <message id="origin_infusion_volume">
            <source>edit check: infusion volume off the plan</source>
            <translation>核查规则：输注量偏离计划</translation>
        </message>
        <message id="question">
            <source>Question</source>
            <translation>问题</translation>
        </message>
        <message id="answer">
            <source>Answer</source>
            <translation>回复</translation>
        </message>
        <message id="corrected_to">
            <source>value corrected to</source>
            <translation>数值更正为</translation>
        </message>
        <message id="late_answers">
            <source>{count} answer(s) arrived after the query was closed: kept and shown in the history.</source>
            <translation>{count} 条回复在质疑关闭后送达：已保留并显示在历史中。</translation>
        </message>
        <message id="late_answer">
            <source>arrived after closing</source>
            <translation>关闭后送达</translation>
        </message>
        <message id="query_history">
            <source>History</source>
            <translation>历史</translation>
        </message>
        <message id="step_open">
            <source>opened</source>
            <translation>提出</translation>
        </message>
        <message id="step_answer">
            <source>answered by the site</source>
            <translation>研究中心回复</translation>
        </message>
        <message id="step_close">
            <source>closed</source>
            <translation>关闭</translation>
        </message>
        <message id="step_reopen">
            <source>re-opened</source>
            <translation>重新打开</translation>
        </message>
        <message id="closing_remark">
            <source>Closing remark (optional)</source>
            <translation>关闭说明（可选）</translation>
        </message>
        <message id="close_query">
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message id="new_question">
            <source>New question</source>
            <translation>新问题</translation>
        </message>
        <message id="reopen_query">
            <source>Re-open</source>
            <translation>重新打开</translation>
        </message>
        <message id="queries_and_sdv">
            <source>Queries and verification</source>
            <translation>质疑与源数据核查</translation>
        </message>
        <message id="sdv_verified">
            <source>verified against source on {at}</source>
            <translation>已于 {at} 完成源数据核查</translation>
        </message>
        <message id="sdv_cleared">
            <source>verified on {at}, cleared by the change on {cleared}</source>
            <translation>已于 {at} 核查，因 {cleared} 的修改而取消</translation>
        </message>
        <message id="sdv_not_verified">
            <source>not verified</source>
            <translation>未核查</translation>
        </message>
        <message id="raise_query">
            <source>Raise a query</source>
            <translation>提出质疑</translation>
        </message>
        <message id="raise_query_button">
            <source>Send the query</source>
            <translation>发送质疑</translation>
        </message>
        <message id="mark_verified_item">
            <source>Mark verified</source>
            <translation>标记已核查</translation>
        </message>
        <message id="mark_verified_form">
            <source>Mark the form verified</source>
            <translation>标记本表单已核查</translation>
        </message>
        <message id="mark_verified_visit">
            <source>Mark the visit verified</source>
            <translation>标记本访视已核查</translation>
        </message>
        <message id="sdv_progress">
            <source>Source data verification</source>
            <translation>源数据核查</translation>
        </message>
        <message id="items_verified">
            <source>Items verified</source>
            <translation>已核查条目</translation>
        </message>
        <message id="items_entered">
            <source>Items entered</source>
            <translation>已录入条目</translation>
        </message>
        <message id="event_query_opened">
            <source>query opened</source>
            <translation>提出质疑</translation>
        </message>
        <message id="event_query_closed">
            <source>query closed</source>
            <translation>关闭质疑</translation>
        </message>
        <message id="event_query_reopened">
            <source>query re-opened</source>
            <translation>重新打开质疑</translation>
        </message>
        <message id="event_query_answered">
            <source>query answered by the site</source>
            <translation>研究中心回复质疑</translation>
        </message>
        <message id="event_query_raised">
            <source>query raised by an edit check</source>
            <translation>核查规则提出质疑</translation>
        </message>
        <message id="event_source_verified">
            <source>source data verified</source>
            <translation>源数据核查</translation>
        </message>
        <message id="account_title">
            <source>Your account</source>
            <translation>您的账户</translation>
        </message>
        <message id="signed_in_as">
            <source>Signed in as</source>
            <translation>当前登录用户</translation>
        </message>
        <message id="change_password">
            <source>Change your password</source>
            <translation>更改密码</translation>
        </message>
        <message id="current_password">
            <source>Current password</source>
            <translation>当前密码</translation>
        </message>
        <message id="new_password">
            <source>New password</source>
            <translation>新密码</translation>
        </message>
        <message id="repeat_password">
            <source>New password again</source>
            <translation>再次输入新密码</translation>
        </message>
    </context>
</TS>
