<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
    <context>
        <name>AccountEventsDialog</name>
        <message>
            <source>Account events</source>
            <translation>账户事件</translation>
        </message>
        <message>
            <source>user, event...</source>
            <translation>用户、事件...</translation>
        </message>
        <message>
            <source>Find:</source>
            <translation>查找：</translation>
        </message>
        <message>
            <source>Export CSV...</source>
            <translation>导出 CSV...</translation>
        </message>
        <message>
            <source>Export account events</source>
            <translation>导出账户事件</translation>
        </message>
        <message>
            <source>CSV files (*.csv)</source>
            <translation>CSV 文件 (*.csv)</translation>
        </message>
        <message>
            <source>Not exported</source>
            <translation>未导出</translation>
        </message>
    </context>
    <context>
        <name>AddUserDialog</name>
        <message>
            <source>Add a user</source>
            <translation>添加用户</translation>
        </message>
        <message>
            <source>Add user</source>
            <translation>添加用户</translation>
        </message>
        <message>
            <source>User names are never reused, even after deactivation. Passwords need at least 12 characters, must not contain the user name and must be hard to guess: a few uncommon words work well.</source>
            <translation>用户名永不重复使用，停用后也不例外。密码至少 12 个字符，不得包含用户名，并且必须难以猜到：几个不常见的单词组合效果很好。</translation>
        </message>
        <message>
            <source>User name *</source>
            <translation>用户名 *</translation>
        </message>
        <message>
            <source>Full name *</source>
            <translation>姓名 *</translation>
        </message>
        <message>
            <source>Role *</source>
            <translation>角色 *</translation>
        </message>
    </context>
    <context>
        <name>AdverseEventDialog</name>
        <message>
            <source>Event</source>
            <translation>事件</translation>
        </message>
        <message>
            <source>Seriousness (ICH E2A): any 'Yes' makes it a serious adverse event</source>
            <translation>严重性（ICH E2A）：任一项回答“是”即为严重不良事件</translation>
        </message>
        <message>
            <source>Assessment and outcome</source>
            <translation>评估与转归</translation>
        </message>
        <message>
            <source>AE {number} follow-up: {subject}</source>
            <translation>不良事件 {number} 随访更新：{subject}</translation>
        </message>
        <message>
            <source>New adverse event: {subject}</source>
            <translation>新不良事件：{subject}</translation>
        </message>
        <message>
            <source>Save adverse event</source>
            <translation>保存不良事件</translation>
        </message>
        <message>
            <source>Not serious (no seriousness criterion answered Yes).</source>
            <translation>非严重（没有任何严重性标准回答“是”）。</translation>
        </message>
        <message>
            <source>&lt;b&gt;SERIOUS ADVERSE EVENT&lt;/b&gt;: report to the coordinating centre within 24 hours of becoming aware, &lt;b&gt;by {due}&lt;/b&gt;.</source>
            <translation>&lt;b&gt;严重不良事件&lt;/b&gt;：须在获知后 24 小时内报告协调中心，&lt;b&gt;截止 {due}&lt;/b&gt;。</translation>
        </message>
        <message>
            <source>&lt;b&gt;SERIOUS ADVERSE EVENT&lt;/b&gt;: enter when the site became aware; the report is due 24 hours later.</source>
            <translation>&lt;b&gt;严重不良事件&lt;/b&gt;：请填写本中心获知的时间；报告须在获知后 24 小时内提交。</translation>
        </message>
        <message>
            <source>AE {number}</source>
            <translation>不良事件 {number}</translation>
        </message>
    </context>
    <context>
        <name>AdverseEvents</name>
        <message>
            <source>{days} d {hours} h</source>
            <extracomment>The SAE countdowns are recomputed this often while they are on screen.</extracomment>
            <translation>{days} 天 {hours} 小时</translation>
        </message>
        <message>
            <source>{hours} h {minutes} min</source>
            <translation>{hours} 小时 {minutes} 分钟</translation>
        </message>
        <message>
            <source>OVERDUE by {span} (was due {due})</source>
            <translation>已逾期 {span}（截止 {due}）</translation>
        </message>
        <message>
            <source>report by {due} ({span} left)</source>
            <translation>请于 {due} 前报告（剩余 {span}）</translation>
        </message>
        <message>
            <source>reported {time} (late)</source>
            <translation>已于 {time} 报告（逾期）</translation>
        </message>
        <message>
            <source>reported {time}</source>
            <translation>已于 {time} 报告</translation>
        </message>
        <message>
            <source>not signed</source>
            <translation>未签名</translation>
        </message>
        <message>
            <source>signed by {name} {date}</source>
            <translation>{name} 于 {date} 签名</translation>
        </message>
    </context>
    <context>
        <name>AdverseEventsTab</name>
        <message>
            <source>New adverse event...</source>
            <translation>新建不良事件...</translation>
        </message>
        <message>
            <source>Follow-up update...</source>
            <translation>随访更新...</translation>
        </message>
        <message>
            <source>Sign causality...</source>
            <translation>签署因果关系...</translation>
        </message>
        <message>
            <source>Mark SAE reported</source>
            <translation>标记 SAE 已报告</translation>
        </message>
        <message>
            <source>Print SAE report...</source>
            <translation>打印 SAE 报告...</translation>
        </message>
        <message>
            <source>Investigator's causality:</source>
            <translation>研究者判定的因果关系：</translation>
        </message>
        <message>
            <source>&lt;b&gt;SAE {number} ({term})&lt;/b&gt;: {deadline} to the coordinating centre</source>
            <translation>&lt;b&gt;SAE {number}（{term}）&lt;/b&gt;：向协调中心报告——{deadline}</translation>
        </message>
        <message>
            <source>{meaning}: {relationship} to MSC</source>
            <translation>{meaning}：与 MSC 的关系为{relationship}</translation>
        </message>
        <message>
            <source>AE {number} ({term}) of {subject}</source>
            <translation>{subject} 的不良事件 {number}（{term}）</translation>
        </message>
        <message>
            <source>SAE reported</source>
            <translation>SAE 已报告</translation>
        </message>
        <message>
            <source>Record that SAE {number} ({term}) was reported to the coordinating centre now?</source>
            <translation>是否记录 SAE {number}（{term}）已于现在报告协调中心？</translation>
        </message>
        <message>
            <source>Mark reported</source>
            <translation>标记为已报告</translation>
        </message>
    </context>
    <context>
        <name>AnswerDialog</name>
        <message>
            <source>Answer query {number}</source>
            <translation>回答质疑 {number}</translation>
        </message>
        <message>
            <source>&lt;b&gt;{subject}&lt;/b&gt;, {visit}: &lt;b&gt;{item}&lt;/b&gt;</source>
            <translation>&lt;b&gt;{subject}&lt;/b&gt;，{visit}：&lt;b&gt;{item}&lt;/b&gt;</translation>
        </message>
        <message>
            <source>&amp;Correct the value (the query is the reason for the change)</source>
            <translation>更正数值(&amp;C)（质疑即为修改原因）</translation>
        </message>
        <message>
            <source>&amp;Answer:</source>
            <translation>回答(&amp;A)：</translation>
        </message>
        <message>
            <source>Save the answer</source>
            <translation>保存回答</translation>
        </message>
        <message>
            <source>Not saved</source>
            <translation>未保存</translation>
        </message>
        <message>
            <source>Enter the corrected value, or untick the correction.</source>
            <translation>请输入更正后的数值，或取消勾选更正。</translation>
        </message>
        <message>
            <source>Please check this value</source>
            <translation>请核对此数值</translation>
        </message>
        <message>
            <source>Save it anyway? Your confirmation is recorded in the audit trail.</source>
            <translation>仍然保存？您的确认将记录在稽查轨迹中。</translation>
        </message>
        <message>
            <source>Save anyway</source>
            <translation>仍然保存</translation>
        </message>
        <message>
            <source>Go back and check</source>
            <translation>返回核对</translation>
        </message>
    </context>
    <context>
        <name>AuditActions</name>
        <message>
            <source>insert</source>
            <extracomment>The audit trail's actions (store/audit.py).</extracomment>
            <translation>新增</translation>
        </message>
        <message>
            <source>update</source>
            <translation>修改</translation>
        </message>
        <message>
            <source>delete</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>event</source>
            <translation>事件</translation>
        </message>
    </context>
    <context>
        <name>AuditTab</name>
        <message>
            <source>valid</source>
            <translation>有效</translation>
        </message>
        <message>
            <source>voided {time}: {reason}</source>
            <translation>已于 {time} 作废：{reason}</translation>
        </message>
        <message>
            <source>voided {time}</source>
            <translation>已于 {time} 作废</translation>
        </message>
        <message>
            <source>Record:</source>
            <translation>记录：</translation>
        </message>
        <message>
            <source>Find:</source>
            <translation>查找：</translation>
        </message>
        <message>
            <source>user, field, value, reason...</source>
            <translation>用户、字段、值、原因...</translation>
        </message>
        <message>
            <source>Export CSV...</source>
            <translation>导出 CSV...</translation>
        </message>
        <message>
            <source>Export PDF...</source>
            <translation>导出 PDF...</translation>
        </message>
        <message>
            <source>&lt;b&gt;Electronic signatures&lt;/b&gt; (bound to the record version they signed; a later change voids them)</source>
            <translation>&lt;b&gt;电子签名&lt;/b&gt;（与所签署的记录版本绑定；之后的修改会使其作废）</translation>
        </message>
        <message>
            <source>Cannot show the audit trail</source>
            <translation>无法显示稽查轨迹</translation>
        </message>
        <message>
            <source>All records</source>
            <translation>全部记录</translation>
        </message>
        <message>
            <source>{shown} of {total} rows</source>
            <translation>{shown} / {total} 行</translation>
        </message>
        <message>
            <source>CSV files (*.csv)</source>
            <translation>CSV 文件 (*.csv)</translation>
        </message>
        <message>
            <source>PDF files (*.pdf)</source>
            <translation>PDF 文件 (*.pdf)</translation>
        </message>
        <message>
            <source>Export the audit history</source>
            <translation>导出稽查历史</translation>
        </message>
        <message>
            <source>Not exported</source>
            <translation>未导出</translation>
        </message>
        <message>
            <source>Exported</source>
            <translation>已导出</translation>
        </message>
        <message>
            <source>{count} rows written to {path}.</source>
            <translation>已将 {count} 行写入 {path}。</translation>
        </message>
    </context>
    <context>
        <name>BackupDialog</name>
        <message>
            <source>Backups</source>
            <translation>备份</translation>
        </message>
        <message>
            <source>Written</source>
            <translation>写入时间</translation>
        </message>
        <message>
            <source>Size</source>
            <translation>大小</translation>
        </message>
        <message>
            <source>Back up now</source>
            <translation>立即备份</translation>
        </message>
        <message>
            <source>Restore the selected backup...</source>
            <translation>恢复所选备份...</translation>
        </message>
        <message>
            <source>Restore from a file...</source>
            <translation>从文件恢复...</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Only a site administrator can restore a backup.</source>
            <translation>只有中心管理员可以恢复备份。</translation>
        </message>
        <message>
            <source>Folder: &lt;tt&gt;{folder}&lt;/tt&gt;&lt;br&gt;Automatic backup: {schedule}; the newest {keep} are kept. Change these in Settings.</source>
            <translation>文件夹：&lt;tt&gt;{folder}&lt;/tt&gt;&lt;br&gt;自动备份：{schedule}；保留最新的 {keep} 个。可在“设置”中更改。</translation>
        </message>
        <message>
            <source>The backups are on the same disk as the database: they do not help if this computer breaks. Choose a USB stick or a second disk as the backup folder.</source>
            <translation>备份与数据库在同一块磁盘上：如果这台电脑损坏，这些备份没有用。请选择 U 盘或第二块磁盘作为备份文件夹。</translation>
        </message>
        <message>
            <source>{size:.1f} MB</source>
            <translation>{size:.1f} MB</translation>
        </message>
        <message>
            <source>Backup written: {file}</source>
            <translation>已写入备份：{file}</translation>
        </message>
        <message>
            <source>Select a backup in the list first.</source>
            <translation>请先在列表中选择一个备份。</translation>
        </message>
        <message>
            <source>Choose a backup</source>
            <translation>选择备份</translation>
        </message>
    </context>
    <context>
        <name>Backups</name>
        <message>
            <source>MSC Desktop backups (*.mscbak)</source>
            <translation>MSC Desktop 备份 (*.mscbak)</translation>
        </message>
    </context>
    <context>
        <name>BaselineTable</name>
        <message>
            <source>points</source>
            <translation>分</translation>
        </message>
        <message>
            <source>Measure</source>
            <translation>指标</translation>
        </message>
        <message>
            <source>Baseline</source>
            <translation>基线</translation>
        </message>
        <message>
            <source>This visit</source>
            <translation>本次访视</translation>
        </message>
        <message>
            <source>Change</source>
            <translation>变化</translation>
        </message>
    </context>
    <context>
        <name>CentreDialog</name>
        <message>
            <source>Coordinating centre</source>
            <translation>协调中心</translation>
        </message>
    </context>
    <context>
        <name>CentrePanel</name>
        <message>
            <source>1. This site's key, for the centre</source>
            <translation>1. 本中心的密钥（交给协调中心）</translation>
        </message>
        <message>
            <source>Give the centre this site's key file (on a USB stick or by e-mail), then read them this fingerprint by phone:</source>
            <translation>把本中心的密钥文件交给协调中心（U盘或电子邮件），然后通过电话向对方读出这个指纹：</translation>
        </message>
        <message>
            <source>Save the site's key file...</source>
            <translation>保存本中心的密钥文件...</translation>
        </message>
        <message>
            <source>2. The centre's key</source>
            <translation>2. 协调中心的密钥</translation>
        </message>
        <message>
            <source>Open the centre's key file...</source>
            <translation>打开协调中心的密钥文件...</translation>
        </message>
        <message>
            <source>3. Site package and allocation lists</source>
            <translation>3. 中心数据包与随机分配表</translation>
        </message>
        <message>
            <source>Import the site package or allocation lists...</source>
            <translation>导入中心数据包或随机分配表...</translation>
        </message>
        <message>
            <source>4. Upload over the internet (optional)</source>
            <translation>4. 通过网络上传（可选）</translation>
        </message>
        <message>
            <source>Save address</source>
            <translation>保存地址</translation>
        </message>
        <message>
            <source>Upload address:</source>
            <translation>上传地址：</translation>
        </message>
        <message>
            <source>Choose the certificate file...</source>
            <translation>选择证书文件...</translation>
        </message>
        <message>
            <source>Use the computer's certificates</source>
            <translation>使用本机证书</translation>
        </message>
        <message>
            <source>Centre's certificate:</source>
            <translation>协调中心证书：</translation>
        </message>
        <message>
            <source>Site {site}: {fingerprint}</source>
            <translation>中心 {site}：{fingerprint}</translation>
        </message>
        <message>
            <source>Not set up yet: nothing can be exported and no allocation list can be loaded. Ask the centre for its key file and open it here.</source>
            <translation>尚未设置：无法导出数据，也无法载入随机分配表。请向协调中心索取其密钥文件并在此打开。</translation>
        </message>
        <message>
            <source>Pinned. Every package from the centre is checked against this key:</source>
            <translation>已固定。来自协调中心的每个数据包都将用此密钥核验：</translation>
        </message>
        <message>
            <source>Pin the centre's key first (step 2).</source>
            <translation>请先固定协调中心的密钥（第2步）。</translation>
        </message>
        <message>
            <source>stratum {stratum}: {remaining} of {total} entries left</source>
            <translation>分层 {stratum}：剩余 {remaining}/{total} 条</translation>
        </message>
        <message>
            <source>Allocation lists loaded: {lists}.</source>
            <translation>已载入随机分配表：{lists}。</translation>
        </message>
        <message>
            <source>No allocation list is loaded yet: participants cannot be randomized.</source>
            <translation>尚未载入随机分配表：受试者无法随机分组。</translation>
        </message>
        <message>
            <source>kept at this site: {subject}</source>
            <translation>保存在本中心：{subject}</translation>
        </message>
        <message>
            <source>the computer's own certificate authorities</source>
            <translation>本机自带的证书颁发机构</translation>
        </message>
        <message>
            <source>Save the site's key file to which folder?</source>
            <translation>将本中心的密钥文件保存到哪个文件夹？</translation>
        </message>
        <message>
            <source>The site's key file is saved as {path}. Give it to the centre and read them the fingerprint above.</source>
            <translation>本中心的密钥文件已保存为 {path}。请交给协调中心，并向对方读出上面的指纹。</translation>
        </message>
        <message>
            <source>Open the centre's key file</source>
            <translation>打开协调中心的密钥文件</translation>
        </message>
        <message>
            <source>Public key files (*.pub);;All files (*)</source>
            <translation>公钥文件 (*.pub);;所有文件 (*)</translation>
        </message>
        <message>
            <source>This key is already pinned.</source>
            <translation>此密钥已固定。</translation>
        </message>
        <message>
            <source>Ask the centre to read you its fingerprint by phone. It must be exactly:

{fingerprint}

Pin this key only if every group matches.</source>
            <translation>请协调中心通过电话向您读出其指纹。指纹必须完全一致：

{fingerprint}

只有每一组都相符时才固定此密钥。</translation>
        </message>
        <message>
            <source>A different centre key is pinned now ({pinned}). Replace it only if the centre has told you it changed its key.</source>
            <translation>目前已固定另一个协调中心密钥（{pinned}）。只有协调中心告知已更换密钥时才替换。</translation>
        </message>
        <message>
            <source>Compare the fingerprint</source>
            <translation>核对指纹</translation>
        </message>
        <message>
            <source>It matches: pin this key</source>
            <translation>相符：固定此密钥</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Not pinned.</source>
            <translation>未固定。</translation>
        </message>
        <message>
            <source>The centre's key {fingerprint} is pinned. Now import the site package (step 3).</source>
            <translation>协调中心密钥 {fingerprint} 已固定。现在请导入中心数据包（第3步）。</translation>
        </message>
        <message>
            <source>Import the site package or allocation lists</source>
            <translation>导入中心数据包或随机分配表</translation>
        </message>
        <message>
            <source>Centre packages (*.mscp *.pkg *.json);;All files (*)</source>
            <translation>协调中心数据包 (*.mscp *.pkg *.json);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Upload address saved: {url}</source>
            <translation>上传地址已保存：{url}</translation>
        </message>
        <message>
            <source>Upload address removed: this site sends its bundles on USB sticks.</source>
            <translation>上传地址已删除：本中心通过U盘发送数据包。</translation>
        </message>
        <message>
            <source>The centre's certificate</source>
            <translation>协调中心证书</translation>
        </message>
        <message>
            <source>Certificates (*.pem *.crt);;All files (*)</source>
            <translation>证书 (*.pem *.crt);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Uploads now check the centre against the certificate of {subject}.</source>
            <translation>上传时将用 {subject} 的证书核验协调中心。</translation>
        </message>
        <message>
            <source>Uploads check the centre against the computer's own certificate authorities.</source>
            <translation>上传时将用本机自带的证书颁发机构核验协调中心。</translation>
        </message>
    </context>
    <context>
        <name>Columns</name>
        <message>
            <source>Subject id</source>
            <translation>受试者编号</translation>
        </message>
        <message>
            <source>Screening no.</source>
            <translation>筛选号</translation>
        </message>
        <message>
            <source>Initials</source>
            <translation>姓名缩写</translation>
        </message>
        <message>
            <source>Sex</source>
            <translation>性别</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Stratum</source>
            <translation>分层</translation>
        </message>
        <message>
            <source>Infusions</source>
            <translation>输注次数</translation>
        </message>
        <message>
            <source>Next visit</source>
            <translation>下次访视</translation>
        </message>
        <message>
            <source>Open SAE</source>
            <translation>未结 SAE</translation>
        </message>
        <message>
            <source>AE</source>
            <translation>不良事件</translation>
        </message>
        <message>
            <source>Term</source>
            <translation>术语</translation>
        </message>
        <message>
            <source>Onset</source>
            <translation>发生日期</translation>
        </message>
        <message>
            <source>Grade</source>
            <translation>分级</translation>
        </message>
        <message>
            <source>Serious</source>
            <translation>严重</translation>
        </message>
        <message>
            <source>Reporting (24 h)</source>
            <translation>报告时限（24 小时）</translation>
        </message>
        <message>
            <source>Relationship to MSC</source>
            <translation>与 MSC 的关系</translation>
        </message>
        <message>
            <source>Causality</source>
            <translation>因果关系</translation>
        </message>
        <message>
            <source>Outcome</source>
            <translation>转归</translation>
        </message>
        <message>
            <source>Subject</source>
            <translation>受试者</translation>
        </message>
        <message>
            <source>Aware at</source>
            <translation>获知时间</translation>
        </message>
        <message>
            <source>Reporting deadline</source>
            <translation>报告截止时间</translation>
        </message>
        <message>
            <source>Seq</source>
            <extracomment>The stored columns named otherwise than their form field ("*": a visit item's value, any answer).</extracomment>
            <translation>序号</translation>
        </message>
        <message>
            <source>Time (UTC)</source>
            <translation>时间（UTC）</translation>
        </message>
        <message>
            <source>User</source>
            <translation>用户</translation>
        </message>
        <message>
            <source>Action</source>
            <translation>操作</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>记录</translation>
        </message>
        <message>
            <source>Field</source>
            <translation>字段</translation>
        </message>
        <message>
            <source>Old value</source>
            <translation>原值</translation>
        </message>
        <message>
            <source>New value</source>
            <translation>新值</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>原因</translation>
        </message>
        <message>
            <source>Meaning</source>
            <translation>签名含义</translation>
        </message>
        <message>
            <source>Signed by</source>
            <translation>签名人</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>角色</translation>
        </message>
        <message>
            <source>State</source>
            <translation>状态</translation>
        </message>
    </context>
    <context>
        <name>CrashDialog</name>
        <message>
            <source>MSC Desktop: something went wrong</source>
            <translation>MSC Desktop：出现问题</translation>
        </message>
        <message>
            <source>&lt;h3&gt;Something went wrong in the app&lt;/h3&gt;</source>
            <translation>&lt;h3&gt;软件出现了问题&lt;/h3&gt;</translation>
        </message>
        <message>
            <source>What you typed in the open form was kept as an encrypted draft. It is offered back the next time you sign in, so nothing you typed is lost.</source>
            <translation>您在打开的表单中输入的内容已保存为加密草稿。下次登录时会提示恢复，因此输入的内容不会丢失。</translation>
        </message>
        <message>
            <source>No unsaved input was open. Everything you saved before is safe in the database.</source>
            <translation>没有未保存的输入。之前保存的所有内容都安全地保存在数据库中。</translation>
        </message>
        <message>
            <source>&lt;b&gt;What to do:&lt;/b&gt;&lt;ol&gt;&lt;li&gt;Click &lt;i&gt;Continue working&lt;/i&gt; and check the screen you were on.&lt;/li&gt;&lt;li&gt;If the same thing happens again, click &lt;i&gt;Quit&lt;/i&gt;, start the app again and sign in.&lt;/li&gt;&lt;li&gt;If it keeps happening, tell your site administrator and give the incident number below.&lt;/li&gt;&lt;/ol&gt;</source>
            <translation>&lt;b&gt;请这样做：&lt;/b&gt;&lt;ol&gt;&lt;li&gt;点击&lt;i&gt;继续工作&lt;/i&gt;，并检查您刚才所在的界面。&lt;/li&gt;&lt;li&gt;如果再次出现同样的问题，点击&lt;i&gt;退出&lt;/i&gt;，重新启动软件并登录。&lt;/li&gt;&lt;li&gt;如果问题反复出现，请告知中心管理员，并提供下面的事件编号。&lt;/li&gt;&lt;/ol&gt;</translation>
        </message>
        <message>
            <source>Incident number: &lt;b&gt;{incident}&lt;/b&gt;&lt;br&gt;The details are in the log file:&lt;br&gt;&lt;tt&gt;{path}&lt;/tt&gt;</source>
            <translation>事件编号：&lt;b&gt;{incident}&lt;/b&gt;&lt;br&gt;详细信息记录在日志文件中：&lt;br&gt;&lt;tt&gt;{path}&lt;/tt&gt;</translation>
        </message>
        <message>
            <source>Continue working</source>
            <translation>继续工作</translation>
        </message>
        <message>
            <source>Quit</source>
            <translation>退出</translation>
        </message>
    </context>
    <context>
        <name>CrashHandler</name>
        <message>
            <source>MSC Desktop</source>
            <translation>MSC Desktop</translation>
        </message>
        <message>
            <source>{form} (kept {when})</source>
            <translation>{form}（保存于 {when}）</translation>
        </message>
        <message>
            <source>Unsaved input was kept</source>
            <translation>已保留未保存的输入</translation>
        </message>
        <message>
            <source>When the app last stopped unexpectedly, this input was not saved yet:</source>
            <translation>上次软件意外停止时，以下输入尚未保存：</translation>
        </message>
        <message>
            <source>Put it back into the form now? It is saved only when you click the form's save button.</source>
            <translation>现在将其填回表单吗？只有点击表单的保存按钮后才会保存。</translation>
        </message>
        <message>
            <source>Put it back</source>
            <translation>填回表单</translation>
        </message>
        <message>
            <source>Discard it</source>
            <translation>丢弃</translation>
        </message>
    </context>
    <context>
        <name>Dialogs</name>
        <message>
            <source>Not saved</source>
            <translation>未保存</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Unsaved entries</source>
            <translation>未保存的输入</translation>
        </message>
        <message>
            <source>The entries typed in this window are not saved. Discard them?</source>
            <translation>此窗口中输入的内容尚未保存。要放弃这些内容吗？</translation>
        </message>
        <message>
            <source>Keep editing</source>
            <translation>继续编辑</translation>
        </message>
        <message>
            <source>Discard changes</source>
            <translation>放弃修改</translation>
        </message>
    </context>
    <context>
        <name>DispositionDialog</name>
        <message>
            <source>End of study: {subject}</source>
            <translation>研究结束：{subject}</translation>
        </message>
        <message>
            <source>Recording the end of study stops further scheduling: no visit, infusion or randomization can be added afterwards. Adverse events can still be followed up.</source>
            <translation>记录研究结束后将停止后续安排：之后不能再添加访视、输注或随机化。不良事件仍可继续随访。</translation>
        </message>
        <message>
            <source>Record end of study</source>
            <translation>记录研究结束</translation>
        </message>
    </context>
    <context>
        <name>FieldEditor</name>
        <message>
            <source>(choose)</source>
            <extracomment>Text fields this long or longer (narratives) get a box of several lines.</extracomment>
            <translation>请选择</translation>
        </message>
        <message>
            <source>The unit the laboratory reported</source>
            <translation>实验室报告所用的单位</translation>
        </message>
        <message>
            <source>The time on the clinic's clock, in the site's time zone</source>
            <translation>诊所时钟上的时间，按本研究中心的时区</translation>
        </message>
        <message>
            <source>Choose on a calendar (Alt+Down in the field)</source>
            <translation>在日历中选择（在输入框中按 Alt+↓）</translation>
        </message>
        <message>
            <source>Today</source>
            <translation>今天</translation>
        </message>
    </context>
    <context>
        <name>FirstRun</name>
        <message>
            <source>Language / 语言</source>
            <translation>Language / 语言</translation>
        </message>
        <message>
            <source>Restore a site from a backup...</source>
            <translation>从备份恢复中心...</translation>
        </message>
        <message>
            <source>Choose a backup</source>
            <extracomment>The unlock screen is painted first; nobody types a password within this time.</extracomment>
            <translation>选择备份</translation>
        </message>
    </context>
    <context>
        <name>FollowUpTabs</name>
        <message>
            <source>4 Visits</source>
            <translation>4 访视</translation>
        </message>
        <message>
            <source>5 Trends</source>
            <translation>5 趋势</translation>
        </message>
        <message>
            <source>6 Infusions</source>
            <translation>6 输注</translation>
        </message>
        <message>
            <source>7 Adverse events</source>
            <translation>7 不良事件</translation>
        </message>
        <message>
            <source>8 Audit trail</source>
            <translation>8 稽查轨迹</translation>
        </message>
    </context>
    <context>
        <name>FormView</name>
        <message>
            <source>whole number</source>
            <translation>整数</translation>
        </message>
        <message>
            <source>number</source>
            <translation>数字</translation>
        </message>
        <message>
            <source>value</source>
            <translation>数值</translation>
        </message>
        <message>
            <source>Yes</source>
            <translation>是</translation>
        </message>
        <message>
            <source>No</source>
            <translation>否</translation>
        </message>
        <message>
            <source>Not known</source>
            <translation>不详</translation>
        </message>
        <message>
            <source>number, one decimal at most</source>
            <translation>数值，最多一位小数</translation>
        </message>
        <message>
            <source>number, up to {decimals} decimals</source>
            <translation>数值，最多 {decimals} 位小数</translation>
        </message>
        <message>
            <source>(does not apply)</source>
            <extracomment>The skip logic: the names of the fields that do not apply to these values (the domain's `not_applicable_fields` with the participant's context). A field a data query points at (opened from the queries list). After the label of a field a source verification covers.</extracomment>
            <translation>（不适用）</translation>
        </message>
        <message>
            <source>Verified against source: {who}</source>
            <translation>已与源文件核对：{who}</translation>
        </message>
        <message>
            <source>- {field}: {message}</source>
            <translation>- {field}：{message}</translation>
        </message>
    </context>
    <context>
        <name>InfusionDialog</name>
        <message>
            <source>MSC infusion {visit}: {subject}</source>
            <translation>MSC 输注 {visit}：{subject}</translation>
        </message>
        <message>
            <source>1. Dose plan: body weight and cell product</source>
            <translation>1. 剂量计划：体重与细胞产品</translation>
        </message>
        <message>
            <source>Save dose plan</source>
            <translation>保存剂量计划</translation>
        </message>
        <message>
            <source>2. Infusion log</source>
            <translation>2. 输注记录</translation>
        </message>
        <message>
            <source>Sign and log the infusion</source>
            <translation>签名并记录输注</translation>
        </message>
        <message>
            <source>Print dosing worksheet...</source>
            <translation>打印剂量工作单...</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>3. Electronic signatures (each person re-enters a password)</source>
            <translation>3. 电子签名（每人重新输入密码）</translation>
        </message>
        <message>
            <source>&lt;b&gt;Prepared by&lt;/b&gt; {name} ({role})</source>
            <translation>&lt;b&gt;配制人&lt;/b&gt; {name}（{role}）</translation>
        </message>
        <message>
            <source>Your password</source>
            <translation>您的密码</translation>
        </message>
        <message>
            <source>&lt;b&gt;Verified by a second person&lt;/b&gt; (not {name})</source>
            <translation>&lt;b&gt;由第二人核对&lt;/b&gt;（不能是 {name}）</translation>
        </message>
        <message>
            <source>Verifier's user name</source>
            <translation>核对人用户名</translation>
        </message>
        <message>
            <source>Verifier's password</source>
            <translation>核对人密码</translation>
        </message>
        <message>
            <source>Viability below the release limit: investigator's override</source>
            <translation>活率低于放行限值：研究者特批</translation>
        </message>
        <message>
            <source>Investigator's user name</source>
            <translation>研究者用户名</translation>
        </message>
        <message>
            <source>Investigator's password</source>
            <translation>研究者密码</translation>
        </message>
        <message>
            <source>Reason for the override</source>
            <translation>特批原因</translation>
        </message>
        <message>
            <source>only if outside the window, or volume more than {limit} % off the plan</source>
            <translation>仅在超出时间窗或体积与计划相差超过 {limit} % 时填写</translation>
        </message>
        <message>
            <source>Protocol deviation reason</source>
            <translation>方案偏离原因</translation>
        </message>
        <message>
            <source>Change dose plan...</source>
            <translation>修改剂量计划...</translation>
        </message>
        <message>
            <source>{name} ({role}), {when} UTC: “{meaning}”</source>
            <translation>{name}（{role}），{when} UTC：“{meaning}”</translation>
        </message>
        <message>
            <source>Logged and signed.</source>
            <translation>已记录并签名。</translation>
        </message>
        <message>
            <source>Save the dose plan first; the log and signatures follow.</source>
            <translation>请先保存剂量计划，然后再记录输注并签名。</translation>
        </message>
        <message>
            <source>The latest weight, {weight} kg of {date}, is filled in; change it if the participant was weighed again.</source>
            <translation>已填入最近一次体重：{weight} kg（{date}）；如受试者重新称重，请修改。</translation>
        </message>
        <message>
            <source>&lt;b&gt;Dose&lt;/b&gt;: enter the weight, the cell concentration and the viability.</source>
            <translation>&lt;b&gt;剂量&lt;/b&gt;：请输入体重、细胞浓度和活率。</translation>
        </message>
        <message>
            <source>&lt;b&gt;Dose&lt;/b&gt;: {problem}</source>
            <translation>&lt;b&gt;剂量&lt;/b&gt;：{problem}</translation>
        </message>
        <message>
            <source>Volume to infuse: &lt;b&gt;{volume} mL&lt;/b&gt;</source>
            <translation>输注体积：&lt;b&gt;{volume} mL&lt;/b&gt;</translation>
        </message>
        <message>
            <source>Target dose: {cells} cells ({per_kg} cells/kg × {weight} kg)</source>
            <translation>目标剂量：{cells} 个细胞（{per_kg} 个细胞/kg × {weight} kg）</translation>
        </message>
        <message>
            <source>Viable concentration: {cells} cells/mL</source>
            <translation>活细胞浓度：{cells} 个细胞/mL</translation>
        </message>
        <message>
            <source>(rounded {rounding})</source>
            <translation>（{rounding}）</translation>
        </message>
        <message>
            <source>Dose computed by the protocol's rules (not editable)</source>
            <translation>按方案规则计算的剂量（不可编辑）</translation>
        </message>
        <message>
            <source>The dose plan is unchanged: nothing to save.</source>
            <translation>剂量计划未更改：无需保存。</translation>
        </message>
        <message>
            <source>the {visit} dose plan</source>
            <translation>{visit} 的剂量计划</translation>
        </message>
        <message>
            <source>Infusion reaction</source>
            <translation>输注反应</translation>
        </message>
        <message>
            <source>An infusion reaction was recorded. Record it as an adverse event now (the AE form opens filled in)?</source>
            <translation>已记录一次输注反应。现在将其记录为不良事件吗？（不良事件表将自动填好打开）</translation>
        </message>
        <message>
            <source>Record the adverse event</source>
            <translation>记录不良事件</translation>
        </message>
        <message>
            <source>Later</source>
            <translation>稍后</translation>
        </message>
    </context>
    <context>
        <name>Infusions</name>
        <message>
            <source>prepared</source>
            <translation>配制</translation>
        </message>
        <message>
            <source>verified</source>
            <translation>核对</translation>
        </message>
        <message>
            <source>release override</source>
            <translation>放行特批</translation>
        </message>
        <message>
            <source>planned (not infused yet)</source>
            <translation>已计划（尚未输注）</translation>
        </message>
        <message>
            <source>infused and signed</source>
            <translation>已输注并签名</translation>
        </message>
        <message>
            <source>Infusion reaction during the {visit} MSC infusion</source>
            <translation>{visit} MSC 输注期间的输注反应</translation>
        </message>
        <message>
            <source>Infusion-related reaction</source>
            <translation>输注相关反应</translation>
        </message>
    </context>
    <context>
        <name>InfusionsTab</name>
        <message>
            <source>Visit</source>
            <translation>访视</translation>
        </message>
        <message>
            <source>Window</source>
            <translation>时间窗</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Weight used</source>
            <translation>所用体重</translation>
        </message>
        <message>
            <source>Product lot / bag</source>
            <translation>产品批号 / 袋号</translation>
        </message>
        <message>
            <source>Volume planned</source>
            <translation>计划体积</translation>
        </message>
        <message>
            <source>Volume infused</source>
            <translation>实际输注体积</translation>
        </message>
        <message>
            <source>Signatures</source>
            <translation>签名</translation>
        </message>
        <message>
            <source>Plan or log the selected infusion...</source>
            <translation>计划或记录所选输注...</translation>
        </message>
        <message>
            <source>Record its infusion reaction as an AE...</source>
            <translation>将其输注反应记录为不良事件...</translation>
        </message>
        <message>
            <source>Print dosing worksheet...</source>
            <translation>打印剂量工作单...</translation>
        </message>
        <message>
            <source>Open a participant.</source>
            <translation>请先打开一位受试者。</translation>
        </message>
        <message>
            <source>MSC arm: 1x10^6 viable cells per kg at weeks 0, 4 and 8. Double-click a visit to plan the dose, then log the infusion with two signatures.</source>
            <translation>MSC 组：第 0、4、8 周各输注 1×10^6 个活细胞/kg。双击访视以计划剂量，然后经两人签名记录输注。</translation>
        </message>
        <message>
            <source>{opens} to {closes}</source>
            <translation>{opens} 至 {closes}</translation>
        </message>
        <message>
            <source>from day 0</source>
            <translation>自第 0 天起</translation>
        </message>
        <message>
            <source>not planned</source>
            <translation>未计划</translation>
        </message>
        <message>
            <source>{status} – REACTION</source>
            <translation>{status}——有输注反应</translation>
        </message>
        <message>
            <source>; </source>
            <translation>；</translation>
        </message>
        <message>
            <source>{signed_as}: {name}</source>
            <translation>{signed_as}：{name}</translation>
        </message>
        <message>
            <source>&lt;b&gt;Protocol deviations:&lt;/b&gt; {deviations}</source>
            <translation>&lt;b&gt;方案偏离：&lt;/b&gt;{deviations}</translation>
        </message>
    </context>
    <context>
        <name>LockPage</name>
        <message>
            <source>&lt;h2&gt;Locked&lt;/h2&gt;</source>
            <translation>&lt;h2&gt;已锁定&lt;/h2&gt;</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>密码</translation>
        </message>
        <message>
            <source>Unlock</source>
            <translation>解锁</translation>
        </message>
        <message>
            <source>The session of {who} was locked after {minutes} minutes without activity. Unsaved entries are kept; enter your password to go on.</source>
            <translation>{who} 的会话在 {minutes} 分钟无操作后已锁定。未保存的输入仍然保留；请输入密码继续。</translation>
        </message>
        <message>
            <source>The session of {who} was locked. Unsaved entries are kept; enter your password to go on.</source>
            <translation>{who} 的会话已锁定。未保存的输入仍然保留；请输入密码继续。</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>{app}: site {site} {name}</source>
            <extracomment>A save left a one-line notice (a source verification cleared); from any thread.</extracomment>
            <translation>{app}：中心 {site} {name}</translation>
        </message>
        <message>
            <source>DEMO {title} (demo site: not for a real study)</source>
            <translation>DEMO {title}（演示中心：不得用于真实研究）</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>文件(&amp;F)</translation>
        </message>
        <message>
            <source>&amp;Register participant...</source>
            <translation>登记受试者(&amp;R)...</translation>
        </message>
        <message>
            <source>&amp;Save the form</source>
            <translation>保存表单(&amp;S)</translation>
        </message>
        <message>
            <source>Save and go to the &amp;next form</source>
            <translation>保存并转到下一张表(&amp;N)</translation>
        </message>
        <message>
            <source>Load &amp;allocation list...</source>
            <translation>载入随机分配表(&amp;A)...</translation>
        </message>
        <message>
            <source>Print &amp;blank paper forms...</source>
            <translation>打印空白纸质表格(&amp;B)...</translation>
        </message>
        <message>
            <source>S&amp;ync with coordinating centre...</source>
            <translation>与协调中心同步(&amp;Y)...</translation>
        </message>
        <message>
            <source>&amp;Users...</source>
            <translation>用户(&amp;U)...</translation>
        </message>
        <message>
            <source>Change my &amp;password...</source>
            <translation>修改我的密码(&amp;P)...</translation>
        </message>
        <message>
            <source>&amp;Lock now</source>
            <translation>立即锁定(&amp;L)</translation>
        </message>
        <message>
            <source>Sign &amp;out</source>
            <translation>退出登录(&amp;O)</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>退出(&amp;Q)</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>视图(&amp;V)</translation>
        </message>
        <message>
            <source>&amp;All participants</source>
            <translation>全部受试者(&amp;A)</translation>
        </message>
        <message>
            <source>&amp;Due today / overdue</source>
            <translation>今日到期 / 逾期(&amp;D)</translation>
        </message>
        <message>
            <source>&amp;Refresh</source>
            <translation>刷新(&amp;R)</translation>
        </message>
        <message>
            <source>&amp;Find participant</source>
            <translation>查找受试者(&amp;F)</translation>
        </message>
        <message>
            <source>Data &amp;queries from the centre...</source>
            <translation>中心的数据质疑(&amp;Q)...</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>帮助(&amp;H)</translation>
        </message>
        <message>
            <source>Open &amp;SAEs</source>
            <translation>未结严重不良事件(&amp;S)</translation>
        </message>
        <message>
            <source>Account &amp;events...</source>
            <translation>账户事件(&amp;E)...</translation>
        </message>
        <message>
            <source>&amp;About</source>
            <translation>关于(&amp;A)</translation>
        </message>
        <message>
            <source>Open SAEs</source>
            <translation>未结严重不良事件</translation>
        </message>
        <message>
            <source>Signed in: {name} ({user}), {role}</source>
            <translation>已登录：{name}（{user}），{role}</translation>
        </message>
        <message>
            <source>Site {site}: {name}</source>
            <translation>中心 {site}：{name}</translation>
        </message>
        <message>
            <source>Show the centre's data queries</source>
            <translation>显示中心的数据质疑</translation>
        </message>
        <message>
            <source>Open queries: {count}</source>
            <translation>待回答质疑：{count}</translation>
        </message>
        <message>
            <source>Cannot show the open SAEs</source>
            <translation>无法显示未结严重不良事件</translation>
        </message>
        <message>
            <source>Open SAEs ({count}, {overdue} overdue)</source>
            <translation>未结严重不良事件（{count}，{overdue} 个逾期）</translation>
        </message>
        <message>
            <source>Open SAEs ({count})</source>
            <translation>未结严重不良事件（{count}）</translation>
        </message>
        <message>
            <source>Cannot show the account events</source>
            <translation>无法显示账户事件</translation>
        </message>
        <message>
            <source>{title} (locked)</source>
            <translation>{title}（已锁定）</translation>
        </message>
        <message>
            <source>Load the centre's signed allocation list</source>
            <translation>载入中心签名的随机分配表</translation>
        </message>
        <message>
            <source>Not loaded</source>
            <translation>未载入</translation>
        </message>
        <message>
            <source>Allocation list</source>
            <translation>随机分配表</translation>
        </message>
        <message>
            <source>Centre file read: {outcome}.</source>
            <translation>已读取协调中心文件：{outcome}。</translation>
        </message>
        <message>
            <source>About {app}</source>
            <translation>关于 {app}</translation>
        </message>
        <message>
            <source>{trial} ({registry}): {title}.</source>
            <translation>{trial}（{registry}）：{title}。</translation>
        </message>
    </context>
    <context>
        <name>Meanings</name>
        <message>
            <source>I confirm this participant's eligibility</source>
            <extracomment>The signature meanings (store.services.signatures.Meaning), as the signature tables show them.</extracomment>
            <translation>我确认该受试者符合入选条件</translation>
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
            <source>I authorise infusion of a product below the viability release limit</source>
            <translation>我批准输注活率低于放行限值的产品</translation>
        </message>
        <message>
            <source>I assessed the causality of this adverse event</source>
            <translation>我已评估此不良事件的因果关系</translation>
        </message>
    </context>
    <context>
        <name>ParticipantList</name>
        <message>
            <source>due</source>
            <translation>到期</translation>
        </message>
        <message>
            <source>OVERDUE</source>
            <translation>已逾期</translation>
        </message>
        <message>
            <source>upcoming</source>
            <translation>即将到来</translation>
        </message>
        <message>
            <source>MSC</source>
            <translation>干细胞</translation>
        </message>
        <message>
            <source>CONTROL</source>
            <translation>对照</translation>
        </message>
        <message>
            <source>{visit} {date} ({state})</source>
            <translation>{visit} {date}（{state}）</translation>
        </message>
        <message>
            <source>{open} open, {late} report overdue</source>
            <translation>{open} 例未结，{late} 例报告逾期</translation>
        </message>
        <message>
            <source>{open} open</source>
            <translation>{open} 例未结</translation>
        </message>
        <message>
            <source>{status} {arm}</source>
            <translation>{status}（{arm}）</translation>
        </message>
    </context>
    <context>
        <name>ParticipantListPage</name>
        <message>
            <source>Filter by subject id, screening number, initials or status (Ctrl+F)</source>
            <translation>按受试者编号、筛选号、姓名缩写或状态筛选 (Ctrl+F)</translation>
        </message>
        <message>
            <source>Register participant...</source>
            <translation>登记受试者...</translation>
        </message>
        <message>
            <source>A {role} cannot enter data.</source>
            <translation>{role}不能录入数据。</translation>
        </message>
        <message>
            <source>All participants</source>
            <translation>全部受试者</translation>
        </message>
        <message>
            <source>Due today / overdue</source>
            <translation>今日到期 / 逾期</translation>
        </message>
        <message>
            <source>Cannot show the participants</source>
            <translation>无法显示受试者</translation>
        </message>
        <message>
            <source>Due today / overdue ({count})</source>
            <translation>今日到期 / 逾期（{count}）</translation>
        </message>
        <message>
            <source>{shown} of {total}</source>
            <translation>{shown} / {total}</translation>
        </message>
    </context>
    <context>
        <name>ParticipantPage</name>
        <message>
            <source>registration</source>
            <extracomment>The forms named in the unsaved-changes question.</extracomment>
            <translation>登记</translation>
        </message>
        <message>
            <source>consent</source>
            <translation>知情同意</translation>
        </message>
        <message>
            <source>screening</source>
            <translation>筛选</translation>
        </message>
        <message>
            <source>visit</source>
            <translation>访视</translation>
        </message>
        <message>
            <source>← Participant list</source>
            <translation>← 受试者列表</translation>
        </message>
        <message>
            <source>Mark &amp;verified...</source>
            <translation>标记为已核对(&amp;V)...</translation>
        </message>
        <message>
            <source>Mark an item, the form on screen or its whole visit verified against the source documents</source>
            <translation>将单个项目、屏幕上的表单或整次访视标记为已与源文件核对</translation>
        </message>
        <message>
            <source>Study identifiers</source>
            <translation>研究标识</translation>
        </message>
        <message>
            <source>For this site only (never exported)</source>
            <translation>仅限本中心（从不导出）</translation>
        </message>
        <message>
            <source>Register</source>
            <translation>登记</translation>
        </message>
        <message>
            <source>Record consent</source>
            <translation>记录知情同意</translation>
        </message>
        <message>
            <source>1 Registration</source>
            <translation>1 登记</translation>
        </message>
        <message>
            <source>2 Consent</source>
            <translation>2 知情同意</translation>
        </message>
        <message>
            <source>3 Screening and eligibility</source>
            <translation>3 筛选与入选资格</translation>
        </message>
        <message>
            <source>&lt;b&gt;New participant&lt;/b&gt;</source>
            <translation>&lt;b&gt;新受试者&lt;/b&gt;</translation>
        </message>
        <message>
            <source>Register the participant first.</source>
            <translation>请先登记受试者。</translation>
        </message>
        <message>
            <source>Register the participant and record consent first.</source>
            <translation>请先登记受试者并记录知情同意。</translation>
        </message>
        <message>
            <source>Cannot open the participant</source>
            <translation>无法打开受试者</translation>
        </message>
        <message>
            <source>Queries: {open} open of {count}</source>
            <translation>质疑：{count} 条中 {open} 条待回答</translation>
        </message>
        <message>
            <source>Mark verified</source>
            <translation>标记为已核对</translation>
        </message>
        <message>
            <source>Open a form (registration, consent, screening or a visit) first.</source>
            <translation>请先打开一个表单（登记、知情同意、筛选或访视）。</translation>
        </message>
        <message>
            <source>Mark as verified against the source documents:</source>
            <translation>标记为已与源文件核对：</translation>
        </message>
        <message>
            <source>One item...</source>
            <translation>单个项目...</translation>
        </message>
        <message>
            <source>This form</source>
            <translation>此表单</translation>
        </message>
        <message>
            <source>The whole visit {visit}</source>
            <translation>整次访视 {visit}</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>The item verified:</source>
            <translation>已核对的项目：</translation>
        </message>
        <message>
            <source>&lt;span style='font-size:13pt'&gt;&lt;b&gt;{subject}&lt;/b&gt;&lt;/span&gt; &amp;nbsp; screening no. {number} &amp;nbsp; {initials} &amp;nbsp; {sex}, born {born} &amp;nbsp; status: &lt;b&gt;{status}&lt;/b&gt;, arm &lt;b&gt;{arm}&lt;/b&gt;</source>
            <translation>&lt;span style='font-size:13pt'&gt;&lt;b&gt;{subject}&lt;/b&gt;&lt;/span&gt; &amp;nbsp; 筛选号 {number} &amp;nbsp; {initials} &amp;nbsp; {sex}，出生日期 {born} &amp;nbsp; 状态：&lt;b&gt;{status}&lt;/b&gt;，组别 &lt;b&gt;{arm}&lt;/b&gt;</translation>
        </message>
        <message>
            <source>&lt;span style='font-size:13pt'&gt;&lt;b&gt;{subject}&lt;/b&gt;&lt;/span&gt; &amp;nbsp; screening no. {number} &amp;nbsp; {initials} &amp;nbsp; {sex}, born {born} &amp;nbsp; status: &lt;b&gt;{status}&lt;/b&gt;</source>
            <translation>&lt;span style='font-size:13pt'&gt;&lt;b&gt;{subject}&lt;/b&gt;&lt;/span&gt; &amp;nbsp; 筛选号 {number} &amp;nbsp; {initials} &amp;nbsp; {sex}，出生日期 {born} &amp;nbsp; 状态：&lt;b&gt;{status}&lt;/b&gt;</translation>
        </message>
        <message>
            <source>registration data</source>
            <translation>登记数据</translation>
        </message>
        <message>
            <source>Registered</source>
            <translation>已登记</translation>
        </message>
        <message>
            <source>Registered as subject {subject}. Record the consent next.</source>
            <translation>已登记为受试者 {subject}。下一步请记录知情同意。</translation>
        </message>
        <message>
            <source>consent data</source>
            <translation>知情同意数据</translation>
        </message>
        <message>
            <source>{what}; a changed date of birth or consent date voids the investigator's eligibility signature</source>
            <translation>{what}；修改出生日期或知情同意日期会使研究者的入选资格签名作废</translation>
        </message>
        <message>
            <source>Eligibility signature voided</source>
            <translation>入选资格签名已作废</translation>
        </message>
        <message>
            <source>The correction changed the age at consent, so the investigator's eligibility signature was voided; the status is now {status}. The investigator signs again once eligibility is confirmed.</source>
            <translation>此次更正改变了签署知情同意时的年龄，因此研究者的入选资格签名已作废；当前状态：{status}。确认入选资格后，研究者需重新签名。</translation>
        </message>
        <message>
            <source>Unsaved changes</source>
            <translation>未保存的更改</translation>
        </message>
        <message>
            <source>The {forms} form has changes that are not saved.</source>
            <translation>{forms} 表单有未保存的更改。</translation>
        </message>
        <message>
            <source>Keep editing</source>
            <translation>继续编辑</translation>
        </message>
        <message>
            <source>Discard changes</source>
            <translation>放弃修改</translation>
        </message>
    </context>
    <context>
        <name>PasswordDialog</name>
        <message>
            <source>Set password</source>
            <translation>设置密码</translation>
        </message>
        <message>
            <source>Current password *</source>
            <translation>当前密码 *</translation>
        </message>
    </context>
    <context>
        <name>PdfPreviewDialog</name>
        <message>
            <source>&lt; Previous</source>
            <translation>&lt; 上一页</translation>
        </message>
        <message>
            <source>Page</source>
            <translation>页</translation>
        </message>
        <message>
            <source>of {count}</source>
            <translation>共 {count} 页</translation>
        </message>
        <message>
            <source>Next &gt;</source>
            <translation>下一页 &gt;</translation>
        </message>
        <message>
            <source>Zoom out</source>
            <translation>缩小</translation>
        </message>
        <message>
            <source>Zoom in</source>
            <translation>放大</translation>
        </message>
        <message>
            <source>Fit width</source>
            <translation>适合宽度</translation>
        </message>
        <message>
            <source>Whole page</source>
            <translation>整页</translation>
        </message>
        <message>
            <source>Print...</source>
            <translation>打印...</translation>
        </message>
        <message>
            <source>Save as PDF...</source>
            <translation>另存为 PDF...</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>The sheet could not be displayed; it can still be saved.</source>
            <translation>无法显示此页面；但仍可保存。</translation>
        </message>
        <message>
            <source>{percent} %</source>
            <translation>{percent}%</translation>
        </message>
        <message>
            <source>fit width</source>
            <translation>适合宽度</translation>
        </message>
        <message>
            <source>whole page</source>
            <translation>整页</translation>
        </message>
        <message>
            <source>Sent to printer {printer} as job {job}, marked REPRINT {number}.</source>
            <translation>已发送到打印机 {printer}，作业号 {job}，标记为“重印 第 {number} 次”。</translation>
        </message>
        <message>
            <source>Sent to printer {printer} as job {job}.</source>
            <translation>已发送到打印机 {printer}，作业号 {job}。</translation>
        </message>
        <message>
            <source>Save as PDF</source>
            <translation>另存为 PDF</translation>
        </message>
        <message>
            <source>PDF files (*.pdf)</source>
            <translation>PDF 文件 (*.pdf)</translation>
        </message>
        <message>
            <source>Saved to {path}.</source>
            <translation>已保存到 {path}。</translation>
        </message>
        <message>
            <source>Cannot print</source>
            <translation>无法打印</translation>
        </message>
        <message>
            <source>Dosing worksheet {visit}: {subject}</source>
            <translation>剂量工作单 {visit}：{subject}</translation>
        </message>
        <message>
            <source>SAE report: {subject}, AE {number}</source>
            <translation>SAE 报告：{subject}，不良事件 {number}</translation>
        </message>
        <message>
            <source>Blank paper forms</source>
            <translation>空白纸质表格</translation>
        </message>
        <message>
            <source>Recovery sheet</source>
            <translation>恢复密钥单</translation>
        </message>
    </context>
    <context>
        <name>PrintSheetDialog</name>
        <message>
            <source>Print</source>
            <translation>打印</translation>
        </message>
        <message>
            <source>{paper}, portrait, actual size (as on the screen)</source>
            <translation>{paper}，纵向，实际大小（与屏幕所示一致）</translation>
        </message>
        <message>
            <source>All {count} pages</source>
            <translation>全部 {count} 页</translation>
        </message>
        <message>
            <source>Pages</source>
            <translation>页码</translation>
        </message>
        <message>
            <source>to</source>
            <translation>至</translation>
        </message>
        <message>
            <source>Printer</source>
            <translation>打印机</translation>
        </message>
        <message>
            <source>Paper</source>
            <translation>纸张</translation>
        </message>
        <message>
            <source>Save as PDF instead...</source>
            <translation>改为另存为 PDF...</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>No printer is installed on this computer: save the PDF and print it from another computer, or add a printer and retry.</source>
            <translation>本计算机未安装打印机：请保存 PDF 到其他计算机打印，或添加打印机后重试。</translation>
        </message>
        <message>
            <source>Retry</source>
            <translation>重试</translation>
        </message>
        <message>
            <source>Not accepting jobs</source>
            <translation>不接受打印作业</translation>
        </message>
        <message>
            <source>Stopped</source>
            <translation>已停止</translation>
        </message>
        <message>
            <source>Printing</source>
            <translation>正在打印</translation>
        </message>
        <message>
            <source>Ready</source>
            <translation>就绪</translation>
        </message>
        <message>
            <source>, set up for {paper} paper</source>
            <translation>，纸张设置为 {paper}</translation>
        </message>
    </context>
    <context>
        <name>ProtocolVersionsDialog</name>
        <message>
            <source>Protocol versions</source>
            <translation>方案版本</translation>
        </message>
        <message>
            <source>Takes effect on:</source>
            <translation>生效日期：</translation>
        </message>
        <message>
            <source>&amp;Activate from this date</source>
            <translation>自此日期启用(&amp;A)</translation>
        </message>
        <message>
            <source>New forms are entered under protocol version {version} today. Forms keep the version they were entered under.</source>
            <translation>今天新录入的表单使用方案版本 {version}。已录入的表单保留录入时的版本。</translation>
        </message>
        <message>
            <source>No protocol version has been received from the coordinating centre. New versions arrive in its site packages.</source>
            <translation>尚未收到协调中心发来的方案版本。新版本随中心的研究中心数据包送达。</translation>
        </message>
        <message>
            <source>Version {version}: not active</source>
            <translation>版本 {version}：未启用</translation>
        </message>
        <message>
            <source>Version {version}: in effect since {date}</source>
            <translation>版本 {version}：自 {date} 起生效</translation>
        </message>
        <message>
            <source>Version {version}: takes effect on {date}</source>
            <translation>版本 {version}：将于 {date} 生效</translation>
        </message>
        <message>
            <source>Version {version}: in effect from {date}, since replaced</source>
            <translation>版本 {version}：自 {date} 起生效，之后已被替代</translation>
        </message>
        <message>
            <source>What version {version} changes from version {previous} (received from the coordinating centre {received}):</source>
            <translation>版本 {version} 相对于版本 {previous} 的变更（于 {received} 收到自协调中心）：</translation>
        </message>
        <message>
            <source>From {date}, every new form is entered under protocol version {version}. Forms entered before keep the version they were entered under. Activate it?</source>
            <translation>自 {date} 起，所有新表单都将按方案版本 {version} 录入。此前录入的表单保留录入时的版本。确定启用吗？</translation>
        </message>
        <message>
            <source>Activate protocol version</source>
            <translation>启用方案版本</translation>
        </message>
        <message>
            <source>Activate</source>
            <translation>启用</translation>
        </message>
    </context>
    <context>
        <name>Queries</name>
        <message>
            <source>open</source>
            <translation>待回答</translation>
        </message>
        <message>
            <source>answered</source>
            <translation>已回答</translation>
        </message>
        <message>
            <source>closed</source>
            <translation>已关闭</translation>
        </message>
        <message>
            <source>No.</source>
            <translation>编号</translation>
        </message>
        <message>
            <source>Subject</source>
            <translation>受试者</translation>
        </message>
        <message>
            <source>Visit</source>
            <translation>访视</translation>
        </message>
        <message>
            <source>Item</source>
            <translation>项目</translation>
        </message>
        <message>
            <source>State</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Query</source>
            <translation>质疑</translation>
        </message>
        <message>
            <source>Answer</source>
            <translation>回答</translation>
        </message>
    </context>
    <context>
        <name>QueriesDialog</name>
        <message>
            <source>Data queries from the coordinating centre</source>
            <translation>协调中心的数据质疑</translation>
        </message>
        <message>
            <source>Only queries waiting for an answer</source>
            <translation>只显示待回答的质疑</translation>
        </message>
        <message>
            <source>&amp;Show the item</source>
            <translation>显示该项目(&amp;S)</translation>
        </message>
        <message>
            <source>&amp;Answer...</source>
            <translation>回答(&amp;A)...</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Cannot list the queries</source>
            <translation>无法列出质疑</translation>
        </message>
        <message>
            <source>No query from the centre.</source>
            <translation>中心没有质疑。</translation>
        </message>
    </context>
    <context>
        <name>ReasonDialog</name>
        <message>
            <source>Reason for change</source>
            <translation>更改原因</translation>
        </message>
        <message>
            <source>You are changing data already saved ({what}). The reason is kept in the audit trail.</source>
            <translation>您正在更改已保存的数据（{what}）。原因将记录在稽查轨迹中。</translation>
        </message>
        <message>
            <source>(choose a reason)</source>
            <translation>（选择原因）</translation>
        </message>
        <message>
            <source>details (required for Other)</source>
            <translation>详细说明（选择“其他”时必填）</translation>
        </message>
        <message>
            <source>Reason *</source>
            <translation>原因 *</translation>
        </message>
        <message>
            <source>Details</source>
            <translation>详细说明</translation>
        </message>
        <message>
            <source>Save with this reason</source>
            <translation>以此原因保存</translation>
        </message>
        <message>
            <source>Choose a reason for the change.</source>
            <translation>请选择更改原因。</translation>
        </message>
        <message>
            <source>Describe the reason in Details when you choose Other.</source>
            <translation>选择“其他”时，请在详细说明中描述原因。</translation>
        </message>
    </context>
    <context>
        <name>ReasonedChangeDialog</name>
        <message>
            <source>New role *</source>
            <translation>新角色 *</translation>
        </message>
        <message>
            <source>Reason *</source>
            <translation>原因 *</translation>
        </message>
        <message>
            <source>kept in the audit trail</source>
            <translation>将记录在稽查轨迹中</translation>
        </message>
        <message>
            <source>Give the reason for this change; it is kept in the audit trail.</source>
            <translation>请填写此次更改的原因；它将记录在稽查轨迹中。</translation>
        </message>
    </context>
    <context>
        <name>Reasons</name>
        <message>
            <source>Data entry error</source>
            <extracomment>Standard reasons for changing saved data (ALCOA+: the reason is part of the audit trail).</extracomment>
            <translation>录入错误</translation>
        </message>
        <message>
            <source>Transcription error from the source document</source>
            <translation>从原始文件转录错误</translation>
        </message>
        <message>
            <source>Laboratory result corrected</source>
            <translation>实验室结果已更正</translation>
        </message>
        <message>
            <source>New information received</source>
            <translation>收到新信息</translation>
        </message>
        <message>
            <source>Other</source>
            <translation>其他</translation>
        </message>
    </context>
    <context>
        <name>RecoveryKeyDialog</name>
        <message>
            <source>Recovery key</source>
            <translation>恢复密钥</translation>
        </message>
        <message>
            <source>Continue</source>
            <translation>继续</translation>
        </message>
        <message>
            <source>This site was set up with an earlier version of the app. Before the database gets a new key, enter the printed recovery key once, so that it keeps opening the database.</source>
            <translation>本中心是用早期版本的软件建立的。在数据库换用新密钥之前，请输入一次打印的恢复密钥，以便它以后仍能打开数据库。</translation>
        </message>
        <message>
            <source>Recovery key *</source>
            <translation>恢复密钥 *</translation>
        </message>
    </context>
    <context>
        <name>RestoreDialog</name>
        <message>
            <source>Restore from a backup</source>
            <translation>从备份恢复</translation>
        </message>
        <message>
            <source>&lt;b&gt;Restore {file}&lt;/b&gt;&lt;br&gt;&lt;br&gt;The database on this computer is replaced by the backup. The current database is not deleted: it is moved to &lt;tt&gt;{folder}&lt;/tt&gt;. Anything entered after the backup was written is not in the backup. Everyone signs in again afterwards, with the passwords they had when the backup was written.</source>
            <translation>&lt;b&gt;恢复 {file}&lt;/b&gt;&lt;br&gt;&lt;br&gt;这台电脑上的数据库将被该备份替换。当前数据库不会被删除：它会被移到 &lt;tt&gt;{folder}&lt;/tt&gt;。备份写入之后录入的内容不在备份中。之后所有人需要重新登录，使用备份写入时各自的密码。</translation>
        </message>
        <message>
            <source>Administrator user name</source>
            <translation>管理员用户名</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>密码</translation>
        </message>
        <message>
            <source>Restore</source>
            <translation>恢复</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>A backup of another site</source>
            <translation>另一个中心的备份</translation>
        </message>
        <message>
            <source>This backup belongs to site {backup_site} ({name}), but this computer holds site {current_site}. Restore it only if this computer now serves site {backup_site}.</source>
            <translation>此备份属于中心 {backup_site}（{name}），但这台电脑保存的是中心 {current_site}。只有当这台电脑现在服务于中心 {backup_site} 时才恢复它。</translation>
        </message>
        <message>
            <source>Restore site {site}</source>
            <translation>恢复中心 {site}</translation>
        </message>
    </context>
    <context>
        <name>SaeQueueView</name>
        <message>
            <source>No serious adverse event is waiting to be reported. {count} reported SAE(s) stay open until their follow-up gives a final outcome.</source>
            <translation>没有待报告的严重不良事件。{count} 例已报告的严重不良事件在随访得出最终转归前仍为未结。</translation>
        </message>
        <message>
            <source>&lt;b&gt;{count} serious adverse event(s) not yet reported&lt;/b&gt; to the coordinating centre; &lt;span style='color:#b00020'&gt;&lt;b&gt;{overdue} overdue&lt;/b&gt;&lt;/span&gt;. Overdue first. Double-click to open the participant.</source>
            <translation>&lt;b&gt;{count} 例严重不良事件尚未报告&lt;/b&gt;协调中心；&lt;span style='color:#b00020'&gt;&lt;b&gt;{overdue} 例已逾期&lt;/b&gt;&lt;/span&gt;。逾期者排在最前。双击可打开受试者。</translation>
        </message>
        <message>
            <source>&lt;b&gt;{count} serious adverse event(s) not yet reported&lt;/b&gt; to the coordinating centre. Double-click to open the participant.</source>
            <translation>&lt;b&gt;{count} 例严重不良事件尚未报告&lt;/b&gt;协调中心。双击可打开受试者。</translation>
        </message>
        <message>
            <source>No serious adverse event is waiting to be reported.</source>
            <translation>没有等待报告的严重不良事件。</translation>
        </message>
    </context>
    <context>
        <name>Saving</name>
        <message>
            <source>Not saved</source>
            <translation>未保存</translation>
        </message>
        <message>
            <source>Fix 1 entry before saving:</source>
            <translation>保存前请修正 1 项：</translation>
        </message>
        <message>
            <source>Fix {count} entries before saving:</source>
            <translation>保存前请修正 {count} 项：</translation>
        </message>
        <message>
            <source>Please check these values</source>
            <translation>请检查这些数值</translation>
        </message>
        <message>
            <source>These values are unusual:</source>
            <translation>这些数值不寻常：</translation>
        </message>
        <message>
            <source>Save them anyway? Your confirmation is recorded in the audit trail.</source>
            <translation>仍然保存吗？您的确认将记录在稽查轨迹中。</translation>
        </message>
        <message>
            <source>Save anyway</source>
            <translation>仍然保存</translation>
        </message>
        <message>
            <source>Go back and check</source>
            <translation>返回检查</translation>
        </message>
    </context>
    <context>
        <name>ScreeningGroups</name>
        <message>
            <source>Dates</source>
            <translation>日期</translation>
        </message>
        <message>
            <source>Vital signs</source>
            <translation>生命体征</translation>
        </message>
        <message>
            <source>Laboratory (enter the unit the laboratory reported)</source>
            <translation>实验室检查（填写实验室报告的单位）</translation>
        </message>
        <message>
            <source>Clinical findings</source>
            <translation>临床表现</translation>
        </message>
        <message>
            <source>Etiology and history</source>
            <translation>病因与病史</translation>
        </message>
        <message>
            <source>Exclusion criteria</source>
            <translation>排除标准</translation>
        </message>
    </context>
    <context>
        <name>ScreeningPanel</name>
        <message>
            <source>ELIGIBLE</source>
            <translation>符合入选</translation>
        </message>
        <message>
            <source>NOT ELIGIBLE</source>
            <translation>不符合入选</translation>
        </message>
        <message>
            <source>INCOMPLETE</source>
            <translation>资料不全</translation>
        </message>
        <message>
            <source>&lt;b&gt;{code}&lt;/b&gt; {criterion}: {detail}</source>
            <translation>&lt;b&gt;{code}&lt;/b&gt; {criterion}：{detail}</translation>
        </message>
        <message>
            <source>Save screening</source>
            <translation>保存筛选</translation>
        </message>
        <message>
            <source>Scores (from the values on screen)</source>
            <translation>评分（根据屏幕上的数值）</translation>
        </message>
        <message>
            <source>Eligibility</source>
            <translation>入选资格</translation>
        </message>
        <message>
            <source>Signature and randomization</source>
            <translation>签名与随机化</translation>
        </message>
        <message>
            <source>Sign eligibility...</source>
            <translation>签署入选资格...</translation>
        </message>
        <message>
            <source>Randomize...</source>
            <translation>随机化...</translation>
        </message>
        <message>
            <source>Screening cannot be entered yet.</source>
            <translation>暂时不能录入筛选。</translation>
        </message>
        <message>
            <source>Scores appear once consent is recorded and values are entered.</source>
            <translation>记录知情同意并录入数值后将显示评分。</translation>
        </message>
        <message>
            <source>needs more values</source>
            <translation>需要更多数值</translation>
        </message>
        <message>
            <source>&lt;b&gt;{score}&lt;/b&gt; (class {cp_class})</source>
            <translation>&lt;b&gt;{score}&lt;/b&gt;（{cp_class} 级）</translation>
        </message>
        <message>
            <source>points: bilirubin {bilirubin}, albumin {albumin}, INR {inr}, ascites {ascites}, encephalopathy {encephalopathy}</source>
            <translation>得分：胆红素 {bilirubin}，白蛋白 {albumin}，INR {inr}，腹水 {ascites}，肝性脑病 {encephalopathy}</translation>
        </message>
        <message>
            <source>(not saved yet)</source>
            <translation>（尚未保存）</translation>
        </message>
        <message>
            <source>Not met:</source>
            <translation>未满足：</translation>
        </message>
        <message>
            <source>Missing answers:</source>
            <translation>缺少回答：</translation>
        </message>
        <message>
            <source>Required fields not answered:</source>
            <translation>未填写的必填项：</translation>
        </message>
        <message>
            <source>Met:</source>
            <translation>已满足：</translation>
        </message>
        <message>
            <source>Signed by {name} ({role}) on {when} UTC: “{meaning}”.</source>
            <translation>{name}（{role}）于 {when} UTC 签名：“{meaning}”。</translation>
        </message>
        <message>
            <source>Eligibility is not signed by an investigator.</source>
            <translation>入选资格尚未由研究者签署。</translation>
        </message>
        <message>
            <source>Randomized: arm &lt;b&gt;{arm}&lt;/b&gt;.</source>
            <translation>已随机化：组别 &lt;b&gt;{arm}&lt;/b&gt;。</translation>
        </message>
        <message>
            <source>Ready to randomize.</source>
            <translation>可以随机化。</translation>
        </message>
        <message>
            <source>Already signed.</source>
            <translation>已签署。</translation>
        </message>
        <message>
            <source>Save the screening before signing.</source>
            <translation>签署前请先保存筛选。</translation>
        </message>
        <message>
            <source>Save the screening before randomizing.</source>
            <translation>随机化前请先保存筛选。</translation>
        </message>
        <message>
            <source>No allocation list with free entries is loaded for stratum {stratum}; load the centre's signed list (File &gt; Load allocation list).</source>
            <translation>分层 {stratum} 没有载入尚有空位的随机分配表；请载入中心签名的分配表（文件 &gt; 载入随机分配表）。</translation>
        </message>
        <message>
            <source>screening values; the investigator's signature will be voided</source>
            <translation>筛选数值；研究者的签名将作废</translation>
        </message>
        <message>
            <source>screening values</source>
            <translation>筛选数值</translation>
        </message>
        <message>
            <source>screening of {subject}</source>
            <translation>{subject} 的筛选</translation>
        </message>
        <message>
            <source>Randomize</source>
            <translation>随机化</translation>
        </message>
        <message>
            <source>Randomize {subject} now?

The arm is revealed from the site's allocation list and cannot be changed or undone.</source>
            <translation>现在对 {subject} 进行随机化吗？

组别将从本中心的随机分配表中揭示，且不能更改或撤销。</translation>
        </message>
        <message>
            <source>Not randomized</source>
            <translation>未随机化</translation>
        </message>
        <message>
            <source>Randomized</source>
            <translation>已随机化</translation>
        </message>
        <message>
            <source>{subject} is allocated to:

{arm_label}</source>
            <translation>{subject} 被分配到：

{arm_label}</translation>
        </message>
    </context>
    <context>
        <name>Settings</name>
        <message>
            <source>Language</source>
            <translation>语言</translation>
        </message>
        <message>
            <source>Lock after inactivity (minutes)</source>
            <translation>无操作后锁定（分钟）</translation>
        </message>
        <message>
            <source>Paper size</source>
            <translation>纸张大小</translation>
        </message>
        <message>
            <source>Backup folder</source>
            <translation>备份文件夹</translation>
        </message>
        <message>
            <source>Automatic backup</source>
            <translation>自动备份</translation>
        </message>
        <message>
            <source>Backups to keep</source>
            <translation>保留备份数</translation>
        </message>
        <message>
            <source>Coordinating centre upload address</source>
            <translation>协调中心上传地址</translation>
        </message>
        <message>
            <source>Time zone of the site</source>
            <translation>研究中心时区</translation>
        </message>
        <message>
            <source>Printer for sheets</source>
            <translation>打印表单所用打印机</translation>
        </message>
        <message>
            <source>A4</source>
            <translation>A4</translation>
        </message>
        <message>
            <source>US Letter</source>
            <translation>美国信纸 (Letter)</translation>
        </message>
        <message>
            <source>Off</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Daily</source>
            <translation>每天</translation>
        </message>
        <message>
            <source>Weekly</source>
            <translation>每周</translation>
        </message>
        <message>
            <source>Used on this computer for every user, also before sign-in.</source>
            <translation>在这台电脑上对所有用户生效，登录前也生效。</translation>
        </message>
        <message>
            <source>The screen locks when nobody has typed or clicked for this long.</source>
            <translation>在这段时间内无人输入或点击时，屏幕将锁定。</translation>
        </message>
        <message>
            <source>For worksheets, blank forms and SAE reports.</source>
            <translation>用于工作单、空白表格和严重不良事件报告。</translation>
        </message>
        <message>
            <source>Choose a second disk or a USB stick. Empty: the backups folder inside the data folder.</source>
            <translation>请选择第二块磁盘或 U 盘。留空：使用数据文件夹中的 backups 文件夹。</translation>
        </message>
        <message>
            <source>A backup is written at sign-in and every hour when one is due.</source>
            <translation>到期时，在登录时及之后每小时写入备份。</translation>
        </message>
        <message>
            <source>Older backups of this site in the folder are deleted.</source>
            <translation>文件夹中本中心较旧的备份将被删除。</translation>
        </message>
        <message>
            <source>Given by the coordinating centre, e.g. https://centre.example.org:8443</source>
            <translation>由协调中心提供，例如 https://centre.example.org:8443</translation>
        </message>
        <message>
            <source>Clinical times are entered in this zone. A change applies to times entered from then on; times already saved keep their own offset.</source>
            <translation>临床时间按此时区录入。更改只影响此后录入的时间；已保存的时间保留其原有的 UTC 偏移量。</translation>
        </message>
        <message>
            <source>Chosen first when a sheet is printed on this computer; the last printer used is remembered.</source>
            <translation>在本计算机打印表单时默认选用；会记住上次使用的打印机。</translation>
        </message>
        <message>
            <source>The computer's default printer</source>
            <translation>本计算机的默认打印机</translation>
        </message>
        <message>
            <source>{printer} (not installed now)</source>
            <translation>{printer}（目前未安装）</translation>
        </message>
        <message>
            <source>the backups folder inside the data folder</source>
            <translation>数据文件夹中的 backups 文件夹</translation>
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message>
            <source>Settings</source>
            <translation>设置</translation>
        </message>
        <message>
            <source>Only a site administrator can change the settings that are greyed out.</source>
            <translation>灰色的设置只有中心管理员可以更改。</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Choose...</source>
            <translation>选择...</translation>
        </message>
        <message>
            <source>Backup folder</source>
            <translation>备份文件夹</translation>
        </message>
        <message>
            <source>{setting}: {error}</source>
            <translation>{setting}：{error}</translation>
        </message>
    </context>
    <context>
        <name>SetupWizard</name>
        <message>
            <source>MSC Desktop: set up this site</source>
            <translation>MSC Desktop：设置本中心</translation>
        </message>
        <message>
            <source>&lt;h2&gt;Set up this site&lt;/h2&gt;</source>
            <translation>&lt;h2&gt;设置本中心&lt;/h2&gt;</translation>
        </message>
        <message>
            <source>This computer has no trial site yet. Enter the site's identity and create the first administrator account. The encrypted database will be created in:&lt;br&gt;&lt;tt&gt;{folder}&lt;/tt&gt;</source>
            <translation>这台电脑上还没有试验中心。请输入中心信息并创建第一个管理员账户。加密数据库将创建在：&lt;br&gt;&lt;tt&gt;{folder}&lt;/tt&gt;</translation>
        </message>
        <message>
            <source>two digits, e.g. 01</source>
            <translation>两位数字，例如 01</translation>
        </message>
        <message>
            <source>e.g. Xijing Hospital, Xi'an</source>
            <translation>例如 西京医院，西安</translation>
        </message>
        <message>
            <source>e.g. wang.li</source>
            <translation>例如 wang.li</translation>
        </message>
        <message>
            <source>printed with signatures</source>
            <translation>与签名一起打印</translation>
        </message>
        <message>
            <source>Consent, infusion and adverse event times are entered and kept in this zone; an administrator can change it later under Settings.</source>
            <translation>知情同意、输注和不良事件的时间按此时区录入和保存；管理员以后可在“设置”中更改。</translation>
        </message>
        <message>
            <source>Site id *</source>
            <translation>中心编号 *</translation>
        </message>
        <message>
            <source>Site name *</source>
            <translation>中心名称 *</translation>
        </message>
        <message>
            <source>Time zone of the site *</source>
            <translation>研究中心时区 *</translation>
        </message>
        <message>
            <source>Administrator user name *</source>
            <translation>管理员用户名 *</translation>
        </message>
        <message>
            <source>Administrator full name *</source>
            <translation>管理员姓名 *</translation>
        </message>
        <message>
            <source>Password *</source>
            <translation>密码 *</translation>
        </message>
        <message>
            <source>Password again *</source>
            <translation>再次输入密码 *</translation>
        </message>
        <message>
            <source>Demo site (training only: demo data and demo lists, never a real study)</source>
            <translation>演示中心（仅用于培训：只含演示数据和演示分配表，不得用于真实研究）</translation>
        </message>
        <message>
            <source>Create site</source>
            <translation>创建中心</translation>
        </message>
        <message>
            <source>The two passwords differ.</source>
            <translation>两次输入的密码不一致。</translation>
        </message>
        <message>
            <source>The password meets the rules.</source>
            <translation>密码符合规则。</translation>
        </message>
        <message>
            <source>The two passwords differ; type the same password twice.</source>
            <translation>两次输入的密码不一致；请输入两次相同的密码。</translation>
        </message>
        <message>
            <source>Site {site}: {name}</source>
            <translation>中心 {site}：{name}</translation>
        </message>
        <message>
            <source>MSC Desktop: recovery key of the new site</source>
            <translation>MSC Desktop：新站点的恢复密钥</translation>
        </message>
        <message>
            <source>&lt;h2&gt;Recovery key&lt;/h2&gt;</source>
            <translation>&lt;h2&gt;恢复密钥&lt;/h2&gt;</translation>
        </message>
        <message>
            <source>If every password of this site is lost, this key is the only way to open the database. Print it or save it now and keep it locked away from this computer. &lt;b&gt;It is shown only this once.&lt;/b&gt;</source>
            <translation>如果本中心的所有密码都丢失，此密钥是打开数据库的唯一方法。请现在打印或保存，并锁好存放在远离这台电脑的地方。&lt;b&gt;它只显示这一次。&lt;/b&gt;</translation>
        </message>
        <message>
            <source>Print...</source>
            <translation>打印...</translation>
        </message>
        <message>
            <source>Save as text...</source>
            <translation>保存为文本...</translation>
        </message>
        <message>
            <source>I have printed or saved the recovery key and will keep it safe.</source>
            <translation>我已打印或保存恢复密钥，并会妥善保管。</translation>
        </message>
        <message>
            <source>Next</source>
            <translation>下一步</translation>
        </message>
        <message>
            <source>&lt;h2&gt;Connect to the coordinating centre&lt;/h2&gt;</source>
            <translation>&lt;h2&gt;连接协调中心&lt;/h2&gt;</translation>
        </message>
        <message>
            <source>Randomization and sending data need the centre's key, its site package and allocation lists. If you do not have them yet, skip this step: an administrator does it later in Tools &gt; Coordinating centre.</source>
            <translation>随机分组和发送数据需要协调中心的密钥、中心数据包和随机分配表。如果尚未拿到，请跳过此步：管理员以后可在“工具 &gt; 协调中心”中完成。</translation>
        </message>
        <message>
            <source>Skip for now</source>
            <translation>暂时跳过</translation>
        </message>
        <message>
            <source>Finish</source>
            <translation>完成</translation>
        </message>
        <message>
            <source>MSC Desktop: connect to the coordinating centre</source>
            <translation>MSC Desktop：连接协调中心</translation>
        </message>
        <message>
            <source>MSC Desktop recovery key
Site {site}: {name}

{key}

Keep this sheet locked away. With it, anyone can open this site's database.
</source>
            <translation>MSC Desktop 恢复密钥
中心 {site}：{name}

{key}

请将此文件锁好保管。任何人拿到它都能打开本中心的数据库。
</translation>
        </message>
        <message>
            <source>Save the recovery key</source>
            <translation>保存恢复密钥</translation>
        </message>
        <message>
            <source>Text (*.txt)</source>
            <translation>文本 (*.txt)</translation>
        </message>
        <message>
            <source>Could not save to {path}: {reason}.</source>
            <translation>无法保存到 {path}：{reason}。</translation>
        </message>
        <message>
            <source>Saved to {path}. Move it to a safe place (e.g. a USB stick kept locked away).</source>
            <translation>已保存到 {path}。请将其移到安全的地方（例如锁好保管的 U 盘）。</translation>
        </message>
    </context>
    <context>
        <name>SignatureDialog</name>
        <message>
            <source>Electronic signature</source>
            <translation>电子签名</translation>
        </message>
        <message>
            <source>&lt;b&gt;{meaning}.&lt;/b&gt;</source>
            <translation>&lt;b&gt;{meaning}。&lt;/b&gt;</translation>
        </message>
        <message>
            <source>Record: {record}&lt;br&gt;Signed by: {signer}&lt;br&gt;Your signature is bound to the data as it is now; a later change voids it.</source>
            <translation>记录：{record}&lt;br&gt;签名人：{signer}&lt;br&gt;您的签名与当前数据绑定；之后的更改将使签名失效。</translation>
        </message>
        <message>
            <source>Your password</source>
            <translation>您的密码</translation>
        </message>
        <message>
            <source>Sign</source>
            <translation>签名</translation>
        </message>
    </context>
    <context>
        <name>SimpleFormTab</name>
        <message>
            <source>Edit</source>
            <translation>编辑</translation>
        </message>
        <message>
            <source>Correct the saved data; the reason for the change is asked when you save.</source>
            <translation>更正已保存的数据；保存时会询问更改原因。</translation>
        </message>
        <message>
            <source>Cancel edit</source>
            <translation>取消编辑</translation>
        </message>
        <message>
            <source>Saved; read-only. Edit to correct it (the reason for the change is asked).</source>
            <translation>已保存；只读。点击编辑进行更正（会询问更改原因）。</translation>
        </message>
        <message>
            <source>Save correction...</source>
            <translation>保存更正...</translation>
        </message>
        <message>
            <source>Correcting saved data: change the entries, then save with a reason.</source>
            <translation>正在更正已保存的数据：修改条目，然后填写原因保存。</translation>
        </message>
        <message>
            <source>Cancel the correction</source>
            <translation>取消更正</translation>
        </message>
        <message>
            <source>The corrections typed here are not saved. Drop them and show the saved data again?</source>
            <translation>此处输入的更正尚未保存。要放弃这些更正并重新显示已保存的数据吗？</translation>
        </message>
        <message>
            <source>Keep editing</source>
            <translation>继续编辑</translation>
        </message>
        <message>
            <source>Drop the corrections</source>
            <translation>放弃更正</translation>
        </message>
    </context>
    <context>
        <name>SiteTools</name>
        <message>
            <source>&amp;Tools</source>
            <translation>工具(&amp;T)</translation>
        </message>
        <message>
            <source>&amp;Settings...</source>
            <translation>设置(&amp;S)...</translation>
        </message>
        <message>
            <source>&amp;Backups...</source>
            <translation>备份(&amp;B)...</translation>
        </message>
        <message>
            <source>&amp;Coordinating centre...</source>
            <translation>协调中心(&amp;C)...</translation>
        </message>
        <message>
            <source>&amp;Protocol versions...</source>
            <translation>方案版本(&amp;P)...</translation>
        </message>
        <message>
            <source>The automatic backup failed: {error}</source>
            <translation>自动备份失败：{error}</translation>
        </message>
        <message>
            <source>Automatic backup written {when}.</source>
            <translation>已于 {when} 写入自动备份。</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>语言</translation>
        </message>
        <message>
            <source>The new language is used for windows opened from now on. Sign out and in again to see it everywhere.</source>
            <translation>新语言将用于之后打开的窗口。退出登录后重新登录即可全部生效。</translation>
        </message>
        <message>
            <source>Check before you continue</source>
            <translation>继续之前请检查</translation>
        </message>
        <message>
            <source>Tell the site administrator.</source>
            <translation>请告知本中心管理员。</translation>
        </message>
        <message>
            <source>The backup was not restored</source>
            <translation>未恢复备份</translation>
        </message>
        <message>
            <source>The previous database was kept in {folder}.</source>
            <translation>原数据库保存在 {folder}。</translation>
        </message>
        <message>
            <source>Backup restored</source>
            <translation>已恢复备份</translation>
        </message>
        <message>
            <source>Site {site} ({name}) was restored from the backup written {when}: {participants} participants, {records} audit records, audit trail verified.</source>
            <translation>已从 {when} 写入的备份恢复中心 {site}（{name}）：{participants} 名受试者，{records} 条稽查记录，稽查轨迹已验证。</translation>
        </message>
    </context>
    <context>
        <name>Status</name>
        <message>
            <source>Registered</source>
            <translation>已登记</translation>
        </message>
        <message>
            <source>Consented</source>
            <translation>已知情同意</translation>
        </message>
        <message>
            <source>Screen failed</source>
            <translation>筛选失败</translation>
        </message>
        <message>
            <source>Eligible</source>
            <translation>符合入选</translation>
        </message>
        <message>
            <source>Randomized</source>
            <translation>已随机化</translation>
        </message>
        <message>
            <source>Completed</source>
            <translation>已完成</translation>
        </message>
        <message>
            <source>Discontinued</source>
            <translation>已退出</translation>
        </message>
    </context>
    <context>
        <name>SyncJob</name>
        <message>
            <source>The files could not be read or written: {reason}.</source>
            <translation>无法读取或写入文件：{reason}。</translation>
        </message>
        <message>
            <source>The sync stopped because of an unexpected {error}; nothing was marked as sent, and the log has the details.</source>
            <translation>同步因意外错误 {error} 而中止；没有任何内容被标记为已发送，详情见日志。</translation>
        </message>
    </context>
    <context>
        <name>SyncPanel</name>
        <message>
            <source>Sync with the coordinating centre</source>
            <extracomment>How often a running job marks activity so the idle lock does not fire under it.</extracomment>
            <translation>与协调中心同步</translation>
        </message>
        <message>
            <source>What each export, upload and import did is listed here.</source>
            <translation>每次导出、上传和导入的结果列在这里。</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Waiting to reach the centre</source>
            <translation>等待送达中心</translation>
        </message>
        <message>
            <source>Changes not yet exported:</source>
            <translation>尚未导出的更改：</translation>
        </message>
        <message>
            <source>Exported, not yet acknowledged:</source>
            <translation>已导出、尚未确认：</translation>
        </message>
        <message>
            <source>Serious adverse events not yet acknowledged:</source>
            <translation>尚未确认的严重不良事件：</translation>
        </message>
        <message>
            <source>Keys:</source>
            <translation>密钥：</translation>
        </message>
        <message>
            <source>Allocation lists:</source>
            <translation>随机分配表：</translation>
        </message>
        <message>
            <source>Send</source>
            <translation>发送</translation>
        </message>
        <message>
            <source>To a USB stick or folder:</source>
            <translation>导出到 U 盘或文件夹：</translation>
        </message>
        <message>
            <source>Choose a folder...</source>
            <translation>选择文件夹...</translation>
        </message>
        <message>
            <source>Export new changes to the folder</source>
            <translation>将新更改导出到文件夹</translation>
        </message>
        <message>
            <source>Upload to the centre</source>
            <translation>上传到中心</translation>
        </message>
        <message>
            <source>Receive and recover</source>
            <translation>接收与恢复</translation>
        </message>
        <message>
            <source>Receipts, allocation lists and protocol packages from the centre:</source>
            <translation>来自中心的回执、随机分配表和方案包：</translation>
        </message>
        <message>
            <source>Import packages from the centre...</source>
            <translation>导入中心的数据包...</translation>
        </message>
        <message>
            <source>If the centre lost a bundle (the target folder above is used):</source>
            <translation>如果中心丢失了数据包（使用上面的目标文件夹）：</translation>
        </message>
        <message>
            <source>Re-send everything since the last receipt</source>
            <translation>重新发送上次回执之后的全部内容</translation>
        </message>
        <message>
            <source>Full re-export...</source>
            <translation>完整重新导出...</translation>
        </message>
        <message>
            <source>{count} record(s)</source>
            <translation>{count} 条记录</translation>
        </message>
        <message>
            <source>{count} record(s) in {bundles} bundle(s) kept in the outbox</source>
            <translation>发件箱中 {bundles} 个数据包内的 {count} 条记录</translation>
        </message>
        <message>
            <source>none: the centre holds records 1-{seq}</source>
            <translation>无：中心已有记录 1-{seq}</translation>
        </message>
        <message>
            <source>none: nothing exported yet</source>
            <translation>无：尚未导出任何内容</translation>
        </message>
        <message>
            <source>This site: {fingerprint}</source>
            <translation>本中心：{fingerprint}</translation>
        </message>
        <message>
            <source>This site has no key yet.</source>
            <translation>本中心尚无密钥。</translation>
        </message>
        <message>
            <source>The centre's key is not set up yet, so nothing can be exported: an administrator sets it up in Tools &gt; Coordinating centre.</source>
            <translation>尚未设置协调中心的密钥，因此无法导出：请管理员在“工具 &gt; 协调中心”中设置。</translation>
        </message>
        <message>
            <source>Centre: {fingerprint}</source>
            <translation>协调中心：{fingerprint}</translation>
        </message>
        <message>
            <source>No upload address is set; an administrator can set it in Tools &gt; Coordinating centre.</source>
            <translation>尚未设置上传地址；管理员可在“工具 &gt; 协调中心”中设置。</translation>
        </message>
        <message>
            <source>stratum {stratum}: {remaining} of {total} left</source>
            <translation>分层 {stratum}：剩余 {remaining} / 共 {total}</translation>
        </message>
        <message>
            <source>USB drive {path}</source>
            <translation>U 盘 {path}</translation>
        </message>
        <message>
            <source>No USB drive found: choose a folder</source>
            <translation>未找到 U 盘：请选择文件夹</translation>
        </message>
        <message>
            <source>The centre's key is not set up at this site yet.</source>
            <translation>本中心尚未设置协调中心的密钥。</translation>
        </message>
        <message>
            <source>Over the internet to {url}</source>
            <translation>通过网络发送到 {url}</translation>
        </message>
        <message>
            <source>Export to which folder?</source>
            <translation>导出到哪个文件夹？</translation>
        </message>
        <message>
            <source>Exporting</source>
            <translation>正在导出</translation>
        </message>
        <message>
            <source>Full re-export</source>
            <translation>完整重新导出</translation>
        </message>
        <message>
            <source>Write one bundle with every record of this site, for a centre that lost this site's data? The centre accepts it once and ignores what it already holds.</source>
            <translation>为丢失了本中心数据的协调中心写出一个包含本中心全部记录的数据包？中心只接收一次，并忽略已有的内容。</translation>
        </message>
        <message>
            <source>Export everything</source>
            <translation>全部导出</translation>
        </message>
        <message>
            <source>Nothing new to export: every change is already in a bundle.</source>
            <translation>没有新的内容可导出：所有更改都已在数据包中。</translation>
        </message>
        <message>
            <source>Nothing to re-send: the centre has acknowledged every record.</source>
            <translation>没有需要重新发送的内容：中心已确认全部记录。</translation>
        </message>
        <message>
            <source>Nothing to export: this site has no records yet.</source>
            <translation>没有可导出的内容：本中心还没有记录。</translation>
        </message>
        <message>
            <source>Exported records {first}-{last} ({count}) to {path}. Take the file to the centre, then import its receipt here.</source>
            <translation>已将记录 {first}-{last}（共 {count} 条）导出到 {path}。请将文件送到中心，然后在这里导入其回执。</translation>
        </message>
        <message>
            <source>Uploading</source>
            <translation>正在上传</translation>
        </message>
        <message>
            <source>The centre rejected {name}: {reason}</source>
            <translation>中心拒收 {name}：{reason}</translation>
        </message>
        <message>
            <source>{count} bundle(s) uploaded; the centre's receipts are recorded.</source>
            <translation>已上传 {count} 个数据包；已记录中心的回执。</translation>
        </message>
        <message>
            <source>Nothing to upload: the centre holds every record.</source>
            <translation>没有需要上传的内容：中心已有全部记录。</translation>
        </message>
        <message>
            <source>Import packages from the centre</source>
            <translation>导入中心的数据包</translation>
        </message>
        <message>
            <source>Centre packages and receipts (*.receipt *.pkg *.mscp *.json);;All files (*)</source>
            <translation>中心数据包和回执 (*.receipt *.pkg *.mscp *.json);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Importing</source>
            <translation>正在导入</translation>
        </message>
        <message>
            <source>{refused} of {count} file(s) refused; see the list below.</source>
            <translation>{count} 个文件中有 {refused} 个被拒收；见下方列表。</translation>
        </message>
        <message>
            <source>{count} file(s) imported.</source>
            <translation>已导入 {count} 个文件。</translation>
        </message>
        <message>
            <source>{step}...</source>
            <translation>{step}...</translation>
        </message>
        <message>
            <source>Wait for the current step to finish; it cannot be stopped half-way.</source>
            <translation>请等待当前步骤完成；它不能中途停止。</translation>
        </message>
    </context>
    <context>
        <name>TrendChart</name>
        <message>
            <source>Child-Pugh score</source>
            <translation>Child-Pugh 评分</translation>
        </message>
        <message>
            <source>points</source>
            <translation>分</translation>
        </message>
        <message>
            <source>MELD score</source>
            <translation>MELD 评分</translation>
        </message>
        <message>
            <source>{measure} ({unit})</source>
            <translation>{measure}（{unit}）</translation>
        </message>
        <message>
            <source>{visit}: {change} vs baseline</source>
            <translation>{visit}：较基线 {change}</translation>
        </message>
        <message>
            <source>value at each visit (x axis: visit date)</source>
            <translation>各次访视的数值（横轴：访视日期）</translation>
        </message>
        <message>
            <source>baseline (screening, SCR)</source>
            <translation>基线（筛选，SCR）</translation>
        </message>
        <message>
            <source>green change: better than baseline</source>
            <translation>绿色变化：优于基线</translation>
        </message>
        <message>
            <source>red change: worse than baseline</source>
            <translation>红色变化：差于基线</translation>
        </message>
        <message>
            <source>no values recorded yet</source>
            <translation>尚未记录数值</translation>
        </message>
        <message>
            <source>baseline {value}</source>
            <translation>基线 {value}</translation>
        </message>
    </context>
    <context>
        <name>Units</name>
        <message>
            <source>ratio</source>
            <extracomment>Units written with words are shown translated; the others (mg/dL, kg...) are the same in every language.</extracomment>
            <translation>比值</translation>
        </message>
        <message>
            <source>beats/min</source>
            <translation>次/分</translation>
        </message>
        <message>
            <source>breaths/min</source>
            <translation>次/分</translation>
        </message>
        <message>
            <source>cells/mL</source>
            <translation>个细胞/mL</translation>
        </message>
    </context>
    <context>
        <name>UnlockScreen</name>
        <message>
            <source>MSC Desktop: unlock</source>
            <translation>MSC Desktop：解锁</translation>
        </message>
        <message>
            <source>Trial {trial} ({registry}). Sign in to open the site's data.</source>
            <translation>试验 {trial} ({registry})。请登录以打开本中心的数据。</translation>
        </message>
        <message>
            <source>User name</source>
            <translation>用户名</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>密码</translation>
        </message>
        <message>
            <source>Unlock</source>
            <translation>解锁</translation>
        </message>
        <message>
            <source>Restore from a backup...</source>
            <translation>从备份恢复...</translation>
        </message>
    </context>
    <context>
        <name>Users</name>
        <message>
            <source>User</source>
            <translation>用户</translation>
        </message>
        <message>
            <source>Full name</source>
            <translation>姓名</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>角色</translation>
        </message>
        <message>
            <source>Active</source>
            <translation>启用</translation>
        </message>
        <message>
            <source>The two passwords are not the same.</source>
            <translation>两次输入的密码不一致。</translation>
        </message>
        <message>
            <source>New password *</source>
            <translation>新密码 *</translation>
        </message>
        <message>
            <source>Repeat new password *</source>
            <translation>再次输入新密码 *</translation>
        </message>
        <message>
            <source>The password meets the rules.</source>
            <translation>密码符合规则。</translation>
        </message>
        <message>
            <source>Users</source>
            <translation>用户</translation>
        </message>
        <message>
            <source>Change my password</source>
            <translation>修改我的密码</translation>
        </message>
        <message>
            <source>Signed in as {name} ({user}). Your data stay as they are; only the password that opens them changes.</source>
            <translation>当前登录：{name}（{user}）。您的数据保持不变，只更改用于打开它们的密码。</translation>
        </message>
    </context>
    <context>
        <name>UsersDialog</name>
        <message>
            <source>Users of site {site}</source>
            <translation>中心 {site} 的用户</translation>
        </message>
        <message>
            <source>Accounts are never deleted: a deactivated account keeps its name (never reused) and its entries in the audit trail, and can no longer sign in.</source>
            <translation>账户永不删除：停用的账户保留其用户名（永不重复使用）及其在稽查轨迹中的记录，但不能再登录。</translation>
        </message>
        <message>
            <source>Add user...</source>
            <translation>添加用户...</translation>
        </message>
        <message>
            <source>Change role...</source>
            <translation>更改角色...</translation>
        </message>
        <message>
            <source>Reset password...</source>
            <translation>重置密码...</translation>
        </message>
        <message>
            <source>Deactivate...</source>
            <translation>停用...</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>yes</source>
            <translation>是</translation>
        </message>
        <message>
            <source>no</source>
            <translation>否</translation>
        </message>
        <message>
            <source>no, since {date}</source>
            <translation>否，自 {date} 起</translation>
        </message>
        <message>
            <source>Change the role of {user}</source>
            <translation>更改 {user} 的角色</translation>
        </message>
        <message>
            <source>{name} ({user}) is now {role}. The new role applies from their next sign-in.</source>
            <translation>{name}（{user}）当前角色为{role}。新角色自其下次登录时生效。</translation>
        </message>
        <message>
            <source>Change role</source>
            <translation>更改角色</translation>
        </message>
        <message>
            <source>Reset the password of {user}</source>
            <translation>重置 {user} 的密码</translation>
        </message>
        <message>
            <source>Set a new password for {name} ({user}) and give it to them in person; a lock after wrong passwords is cleared too.</source>
            <translation>为 {name}（{user}）设置新密码并当面交给本人；因密码错误造成的锁定也会一并解除。</translation>
        </message>
        <message>
            <source>Password reset</source>
            <translation>密码已重置</translation>
        </message>
        <message>
            <source>The password of {user} was reset.</source>
            <translation>{user} 的密码已重置。</translation>
        </message>
        <message>
            <source>Deactivate {user}</source>
            <translation>停用 {user}</translation>
        </message>
        <message>
            <source>{name} ({user}) will no longer be able to sign in. The account and its entries stay; the user name is never given to anyone else. The database gets a new key, so a copy of the key file made before no longer opens it.</source>
            <translation>{name}（{user}）将无法再登录。该账户及其录入的内容都会保留；该用户名永远不会给其他人使用。数据库将换用新密钥，因此此前复制的密钥文件不再能打开它。</translation>
        </message>
        <message>
            <source>Passwords to reset</source>
            <translation>需要重设的密码</translation>
        </message>
        <message>
            <source>These accounts had not signed in since the update and can no longer sign in: {users}. Set each of them a new password (Reset password...).</source>
            <translation>以下账户自更新以来尚未登录过，现在已无法登录：{users}。请为每个账户设置新密码（重置密码...）。</translation>
        </message>
        <message>
            <source>Deactivate</source>
            <translation>停用</translation>
        </message>
    </context>
    <context>
        <name>VisitGroups</name>
        <message>
            <source>Visit</source>
            <translation>访视</translation>
        </message>
        <message>
            <source>Weight and vital signs</source>
            <translation>体重与生命体征</translation>
        </message>
        <message>
            <source>Laboratory (enter the unit the laboratory reported)</source>
            <translation>实验室检查（填写实验室报告的单位）</translation>
        </message>
        <message>
            <source>Ascites, encephalopathy, bleeding</source>
            <translation>腹水、肝性脑病、出血</translation>
        </message>
    </context>
    <context>
        <name>Visits</name>
        <message>
            <source>done</source>
            <translation>已完成</translation>
        </message>
        <message>
            <source>out of window</source>
            <translation>超出时间窗</translation>
        </message>
        <message>
            <source>missed</source>
            <translation>缺失</translation>
        </message>
        <message>
            <source>due</source>
            <translation>到期</translation>
        </message>
        <message>
            <source>OVERDUE</source>
            <translation>已逾期</translation>
        </message>
        <message>
            <source>upcoming</source>
            <translation>待进行</translation>
        </message>
    </context>
    <context>
        <name>VisitsTab</name>
        <message>
            <source>Visit schedule (day 0 = randomization or first infusion)</source>
            <translation>访视计划（第 0 天 = 随机化或首次输注）</translation>
        </message>
        <message>
            <source>Visit</source>
            <translation>访视</translation>
        </message>
        <message>
            <source>Target</source>
            <translation>目标日期</translation>
        </message>
        <message>
            <source>Window</source>
            <translation>时间窗</translation>
        </message>
        <message>
            <source>State</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Done on</source>
            <translation>完成日期</translation>
        </message>
        <message>
            <source>Enter / open visit</source>
            <translation>录入 / 打开访视</translation>
        </message>
        <message>
            <source>Mark missed...</source>
            <translation>标记为缺失...</translation>
        </message>
        <message>
            <source>End of study...</source>
            <translation>研究结束...</translation>
        </message>
        <message>
            <source>Scores and change from baseline (values on screen)</source>
            <translation>评分及相对基线的变化（根据屏幕上的数值）</translation>
        </message>
        <message>
            <source>Save visit</source>
            <translation>保存访视</translation>
        </message>
        <message>
            <source>Save and next</source>
            <translation>保存并下一项</translation>
        </message>
        <message>
            <source>Saves the visit (Ctrl+Shift+S), then opens the next form of this visit (the MSC infusion) or the next visit still to record.</source>
            <translation>保存本次访视（Ctrl+Shift+S），然后打开本次访视的下一张表（MSC 输注）或下一次待录入的访视。</translation>
        </message>
        <message>
            <source>missed: {reason}</source>
            <translation>缺失：{reason}</translation>
        </message>
        <message>
            <source>{opens} to {closes}</source>
            <translation>{opens} 至 {closes}</translation>
        </message>
        <message>
            <source>not expected (study ended)</source>
            <translation>不再进行（研究已结束）</translation>
        </message>
        <message>
            <source>&lt;b&gt;Visit {code}&lt;/b&gt; recorded on {date} (changes need a reason)</source>
            <translation>&lt;b&gt;访视 {code}&lt;/b&gt; 记录于 {date}（修改需填写原因）</translation>
        </message>
        <message>
            <source>&lt;b&gt;Visit {code}&lt;/b&gt;: new</source>
            <translation>&lt;b&gt;访视 {code}&lt;/b&gt;：新建</translation>
        </message>
        <message>
            <source>&lt;b&gt;Visit&lt;/b&gt;</source>
            <translation>&lt;b&gt;访视&lt;/b&gt;</translation>
        </message>
        <message>
            <source>Unsaved visit</source>
            <translation>访视未保存</translation>
        </message>
        <message>
            <source>The visit form has changes that are not saved. Discard them?</source>
            <translation>访视表中有未保存的修改。要放弃这些修改吗？</translation>
        </message>
        <message>
            <source>Discard changes</source>
            <translation>放弃修改</translation>
        </message>
        <message>
            <source>Keep editing</source>
            <translation>继续编辑</translation>
        </message>
        <message>
            <source>visit {code}, marked missed before</source>
            <translation>访视 {code}，之前已标记为缺失</translation>
        </message>
        <message>
            <source>visit {code}</source>
            <translation>访视 {code}</translation>
        </message>
        <message>
            <source>Protocol deviation</source>
            <translation>方案偏离</translation>
        </message>
        <message>
            <source>{deviation}

It is recorded as a protocol deviation. Why was the visit held on this day?</source>
            <translation>{deviation}

这将记录为一次方案偏离。为什么在这一天进行访视？</translation>
        </message>
        <message>
            <source>Visit missed</source>
            <translation>访视缺失</translation>
        </message>
        <message>
            <source>Why was visit {code} missed?</source>
            <translation>访视 {code} 为什么缺失？</translation>
        </message>
    </context>
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
</TS>
