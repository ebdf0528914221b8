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
</TS>
