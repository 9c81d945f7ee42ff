//! The short texts of the SPDX licence list, as the `spdx` crate's store holds them (their
//! normalised lines, which normalise to themselves; for a text the matcher does not read the
//! same way twice, the words it read in the list): its standard headers, and its other texts
//! of at most [`SHORT_PAIRS`] word pairs. A licence header at the top of a source file is
//! compared with the headers, and a text of a few words with all of them, without loading the
//! whole list (16 MB of texts, a hundred milliseconds or more).
//!
//! Written from the store by
//! `cargo test --lib facts::licenses::scanner::tests::write_list_texts -- --ignored`;
//! `the_short_list_texts_are_the_lists` checks that they are the store's, text for text, and
//! that `LIST_HEADER_PAIRS` and `LIST_SHORT_PAIRS` in `scanner.rs` count their word pairs.

/// The most word pairs (as the matcher counts them) of a text in [`LIST_SHORT_TEXTS`]: a text of
/// up to 30 pairs (a licence file of a sentence or two that names the licences) is then told
/// to hold none of the list's texts without loading the list (see `list_names_nothing`).
pub(super) const SHORT_PAIRS: usize = 45;

/// (The list entry's name, one of its headers.)
pub(super) const LIST_HEADERS: &[(&str, &str)] = &[
    (
        "AFL-1.1",
        "'Licensed under the Academic Free License version 1.1.'\n\n",
    ),
    (
        "AFL-1.2",
        "Licensed under the Academic Free License version 1.2\n\n",
    ),
    (
        "AFL-2.0",
        "Licensed under the Academic Free License version 2.0\n\n",
    ),
    (
        "AFL-2.1",
        "Licensed under the Academic Free License version 2.1\n\n",
    ),
    (
        "AFL-3.0",
        "Licensed under the Academic Free License version 3.0\n\n",
    ),
    (
        "AGPL-3.0-or-later",
        "Copyright (C) (year) (name of author) This program is free software: you can redistribute it and or modify it under the terms of the GNU Affero General Public License as published by the Free Software Foundation, version 3. This program is distributed in the hope that it will be useful, but WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE. See the GNU Affero General Public License for more details. You should have received a copy of the GNU Affero General Public License along with this program. If not, see http: blackboxed url",
    ),
    (
        "APSL-2.0",
        "'Portions Copyright (c) 1999-2007 Apple Inc. All Rights Reserved.\n\nThis file contains Original Code and or Modifications of Original Code as defined in and that are subject to the Apple Public Source License Version 2.0 (the 'License'). You may not use this file except in compliance with the License. Please obtain a copy of the License at http: blackboxed url and read it before using this file.\n\nThe Original Code and all software distributed under the License are distributed on an 'AS IS' basis, WITHOUT WARRANTY OF ANY KIND, EITHER EXPRESS OR IMPLIED, AND APPLE HEREBY DISCLAIMS ALL SUCH WARRANTIES, INCLUDING WITHOUT LIMITATION, ANY WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE, QUIET ENJOYMENT OR NON-INFRINGEMENT. Please see the License for the specific language governing rights and limitations under the License.'\n\n",
    ),
    (
        "Apache-2.0",
        "Copyright (yyyy) (name of copyright owner)\n\nLicensed under the Apache License, Version 2.0 (the 'License');\nyou may not use this file except in compliance with the License.\nYou may obtain a copy of the License at\n\nhttp: blackboxed url\n\nUnless required by applicable law or agreed to in writing, software\ndistributed under the License is distributed on an 'AS IS' BASIS,\nWITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.\nSee the License for the specific language governing permissions and\nlimitations under the License.\n\n",
    ),
    (
        "BUSL-1.1",
        "Copyright (C) yyyy name of author\nUse of this software is govered by the Business Source License included in the LICENSE.TXT file and at www.mariadb.com bsl11.\n\nChange Date:\n\nOn the date above, in accordance with the Business Source License, use of this software will be governed by the open source license specified in the LICENSE.TXT file.\n\n",
    ),
    (
        "BitTorrent-1.0",
        "The contents of this file are subject to the BitTorrent Open Source License Version 1.0 (the License). You may not copy or use this file, in either source code or executable form, except in compliance with the License. You may obtain a copy of the License at http: blackboxed url\n\nSoftware distributed under the License is distributed on an AS IS basis, WITHOUT WARRANTY OF ANY KIND, either express or implied. See the License for the specific language governing rights and limitations under the License.\n\n",
    ),
    (
        "BitTorrent-1.1",
        "The contents of this file are subject to the BitTorrent Open Source License Version 1.1 (the License). You may not copy or use this file, in either source code or executable form, except in compliance with the License. You may obtain a copy of the License at http: blackboxed url\n\nSoftware distributed under the License is distributed on an AS IS basis, WITHOUT WARRANTY OF ANY KIND, either express or implied. See the License for the specific language governing rights and limitations under the License.\n\n",
    ),
    (
        "CPAL-1.0",
        "'The contents of this file are subject to the Common Public Attribution License Version 1.0 (the 'License'); you may not use this file except in compliance with the License. You may obtain a copy of the License at _ . The License is based on the Mozilla Public License Version 1.1 but Sections 1 and 15 have been added to cover use of software over a computer network and provide for limited attribution for the Original Developer. In addition, Exhibit A has been modified to be consistent with Exhibit B.\nSoftware distributed under the License is distributed on an 'AS IS' basis, WITHOUT WARRANTY OF ANY KIND, either express or implied. See the License for the specific language governing rights and limitations under the License.\nThe Original Code is_ .\nThe Original Developer is not the Initial Developer and is _ . If left blank, the Original Developer is the Initial Developer.\nThe Initial Developer of the Original Code is _ . All portions of the code written by _ are Copyright (c) _ . All Rights Reserved.\nContributor _ .\nAlternatively, the contents of this file may be used under the terms of the _ license (the (_) License), in which case the provisions of (_) License are applicable instead of those above.\nIf you wish to allow use of your version of this file only under the terms of the (_) License and not to allow others to use your version of this file under the CPAL, indicate your decision by deleting the provisions above and replace them with the notice and other provisions required by the (_) License. If you do not delete the provisions above, a recipient may use your version of this file under either the CPAL or the (_) License.'\n\n",
    ),
    (
        "CUA-OPL-1.0",
        "'The contents of this file are subject to the CUA Office Public License Version 1.0 (the 'License'); you may not use this file except in compliance with the License. You may obtain a copy of the License at http: blackboxed url\n\nSoftware distributed under the License is distributed on an 'AS IS' basis, WITHOUT WARRANTY OF ANY KIND, either express or implied. See the License for the specific language governing rights and limitations under the License.\n\nThe Original Code is _ .\n\nThe Initial Developer of the Original Code is _ . Portions created by _ are Copyright (C) _ _ . All Rights Reserved.\n\nContributor(s): _ .\n\nAlternatively, the contents of this file may be used under the terms of the _ license (the ' (_) License'), in which case the provisions of (_) License are applicable instead of those above. If you wish to allow use of your version of this file only under the terms of the (_) License and not to allow others to use your version of this file under the CUAPL, indicate your decision by deleting the provisions above and replace them with the notice and other provisions required by the (_) License. If you do not delete the provisions above, a recipient may use your version of this file under either the CUAPL or the (_) License.'\n\n",
    ),
    (
        "ECL-1.0",
        "Copyright (c) year copyright holders\n\nLicensed under the Educational Community License version 1.0\n\n",
    ),
    (
        "ECL-2.0",
        "Copyright (yyyy) (name of copyright owner) Licensed under the\nEducational Community License, Version 2.0 (the 'License'); you may\nnot use this file except in compliance with the License. You may\nobtain a copy of the License at\n\nhttp: blackboxed url\n\nUnless required by applicable law or agreed to in writing,\nsoftware distributed under the License is distributed on an 'AS IS'\nBASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express\nor implied. See the License for the specific language governing\npermissions and limitations under the License.\n\n",
    ),
    (
        "GFDL-1.1-invariants-or-later",
        "Copyright (c) YEAR YOUR NAME . Permission is granted to copy, distribute and or modify this document under the terms of the GNU Free Documentation License, Version 1.1 or any later version published by the Free Software Foundation; with the Invariant Sections being LIST THEIR TITLES, with the Front-Cover Texts being LIST, and with the Back-Cover Texts being LIST. A copy of the license is included in the section entitled 'GNU Free Documentation License'.",
    ),
    (
        "GFDL-1.2-invariants-or-later",
        "Copyright (c) YEAR YOUR NAME . Permission is granted to copy, distribute and or modify this document under the terms of the GNU Free Documentation License, Version 1.2 or any later version published by the Free Software Foundation; with no Invariant Sections, no Front-Cover Texts, and no Back-Cover Texts. A copy of the license is included in the section entitled 'GNU Free Documentation License'.",
    ),
    (
        "GFDL-1.3-invariants-or-later",
        "Copyright (c) YEAR YOUR NAME Permission is granted to copy, distribute and or modify this document under the terms of the GNU Free Documentation License, Version 1.3 or any later version published by the Free Software Foundation; with no Invariant Sections, no Front-Cover Texts, and no Back-Cover Texts. A copy of the license is included in the section entitled 'GNU Free Documentation License'.",
    ),
    (
        "GPL-1.0+",
        "one line to give the program's name and a brief idea of what it does.\nCopyright (C) 19yy name of author\n\nThis program is free software; you can redistribute it and or modify it under the terms of the GNU General Public License as published by the Free Software Foundation; either version 1, or (at your option) any later version.\n\nThis program is distributed in the hope that it will be useful, but WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE. See the GNU General Public License for more details.\n\nYou should have received a copy of the GNU General Public License along with this program; if not, write to the Free Software Foundation, Inc., 675 Mass Ave, Cambridge, MA 02139, USA.\n\n",
    ),
    (
        "GPL-1.0-or-later",
        "Copyright (C) 19xx name of author\nThis program is free software; you can redistribute it and or modify it under the terms of the GNU General Public License as published by the Free Software Foundation; version 1.\n\nThis program is distributed in the hope that it will be useful, but WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE. See the GNU General Public License for more details.\n\nYou should have received a copy of the GNU General Public License along with this program; if not, write to the Free Software Foundation, Inc., 675 Mass Ave, Cambridge, MA 02139, USA.\n\n",
    ),
    (
        "GPL-2.0+",
        "one line to give the program's name and an idea of what it does.\nCopyright (C) yyyy name of author\n\nThis program is free software; you can redistribute it and or modify it under the terms of the GNU General Public License as published by the Free Software Foundation; either version 2 of the License, or (at your option) any later version.\n\nThis program is distributed in the hope that it will be useful, but WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE. See the GNU General Public License for more details.\n\nYou should have received a copy of the GNU General Public License along with this program; if not, write to the Free Software Foundation, Inc., 51 Franklin Street, Fifth Floor, Boston, MA 02110-1301, USA .\n\n",
    ),
    (
        "GPL-2.0-or-later",
        "Copyright (C) yyyy name of author\nThis program is free software; you can redistribute it and or modify it under the terms of the GNU General Public License as published by the Free Software Foundation; version 2.\n\nThis program is distributed in the hope that it will be useful, but WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE. See the GNU General Public License for more details.\n\nYou should have received a copy of the GNU General Public License along with this program; if not, write to the Free Software Foundation, Inc., 51 Franklin Street, Fifth Floor, Boston, MA 02110-1301, USA .\n\n",
    ),
    (
        "GPL-3.0+",
        "one line to give the program's name and a brief idea of what it does.\nCopyright (C) year name of author\n\nThis program is free software: you can redistribute it and or modify it under the terms of the GNU General Public License as published by the Free Software Foundation, either version 3 of the License, or (at your option) any later version.\n\nThis program is distributed in the hope that it will be useful, but WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE. See the GNU General Public License for more details.\n\nYou should have received a copy of the GNU General Public License along with this program. If not, see http: blackboxed url\n\n",
    ),
    (
        "GPL-3.0-or-later",
        "Copyright (C) year name of author\nThis program is free software: you can redistribute it and or modify it under the terms of the GNU General Public License as published by the Free Software Foundation, version 3.\n\nThis program is distributed in the hope that it will be useful, but WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE. See the GNU General Public License for more details.\n\nYou should have received a copy of the GNU General Public License along with this program. If not, see http: blackboxed url\n\n",
    ),
    (
        "Interbase-1.0",
        "'The contents of this file are subject to the Interbase Public License Version 1.0 (the 'License'); you may not use this file except in compliance with the License. You may obtain a copy of the License at http: blackboxed url\n\nSoftware distributed under the License is distributed on an 'AS IS' basis, WITHOUT WARRANTY OF ANY KIND, either express or implied. See the License for the specific language governing rights and limitations under the License.\n\nThe Original Code was created by InterBase Software Corp and its successors.\n\nPortions created by Borland Inprise are Copyright (C) Borland Inprise. All Rights Reserved.\n\nContributor(s): _ .\n\n",
    ),
    (
        "LGPL-2.0-or-later",
        "Copyright (C) year name of author This library is free software; you can redistribute it and or modify it under the terms of the GNU Library General Public License as published by the Free Software Foundation; version 2. This library is distributed in the hope that it will be useful, but WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE. See the GNU Library General Public License for more details. You should have received a copy of the GNU Library General Public License along with this library; if not, write to the Free Software Foundation, Inc., 51 Franklin St, Fifth Floor, Boston, MA 02110-1301, USA.",
    ),
    (
        "LGPL-2.1-or-later",
        "Copyright (C) year name of author\nThis library is free software; you can redistribute it and or modify it under the terms of the GNU Lesser General Public License as published by the Free Software Foundation; version 2.1.\n\nThis library is distributed in the hope that it will be useful, but WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE. See the GNU Lesser General Public License for more details.\n\nYou should have received a copy of the GNU Lesser General Public License along with this library; if not, write to the Free Software Foundation, Inc., 51 Franklin Street, Fifth Floor, Boston, MA 02110-1301 USA\n\n",
    ),
    (
        "LPPL-1.0",
        "%% pig.sty\n%% Copyright 2001 M. Y. Name\n\n% This program can redistributed and or modified under the terms\n% of the LaTeX Project Public License Distributed from CTAN\n% archives in directory macros latex base lppl.txt; either\n% version 1 of the License, or (at your option) any later version.\n\n",
    ),
    (
        "LPPL-1.1",
        "%% pig.dtx\n%% Copyright 2001 M. Y. Name\n%\n% This program may be distributed and or modified under the\n% conditions of the LaTeX Project Public License, either version 1.1\n% of this license or (at your option) any later version.\n% The latest version of this license is in\n% http: blackboxed url\n% and version 1.1 or later is part of all distributions of LaTeX\n% version 1999 06 01 or later.\n%\n% This program consists of the files pig.dtx and pig.ins\n\n",
    ),
    (
        "LPPL-1.2",
        "%% pig.dtx\n%% Copyright 2001 M. Y. Name\n%\n% This program may be distributed and or modified under the\n% conditions of the LaTeX Project Public License, either version 1.2\n% of this license or (at your option) any later version.\n% The latest version of this license is in\n% http: blackboxed url\n% and version 1.2 or later is part of all distributions of LaTeX\n% version 1999 12 01 or later.\n%\n% This program consists of the files pig.dtx and pig.ins\n\n",
    ),
    (
        "LPPL-1.3a",
        "%% pig.dtx\n%% Copyright 2003 M. Y. Name\n%\n% This work may be distributed and or modified under the\n% conditions of the LaTeX Project Public License, either version 1.3\n% of this license or (at your option) any later version.\n% The latest version of this license is in\n% http: blackboxed url\n% and version 1.3 or later is part of all distributions of LaTeX\n% version 2003 12 01 or later.\n%\n% This work has the LPPL maintenance status ' maintained '.\n%\n% This Current Maintainer of this work is M. Y. Name .\n%\n% This work consists of the files pig.dtx and pig.ins\n% and the derived file pig.sty .\n\n",
    ),
    (
        "LPPL-1.3c",
        "%% pig.dtx\n%% Copyright 2005 M. Y. Name\n%\n% This work may be distributed and or modified under the\n% conditions of the LaTeX Project Public License, either version 1.3\n% of this license or (at your option) any later version.\n% The latest version of this license is in\n% http: blackboxed url\n% and version 1.3 or later is part of all distributions of LaTeX\n% version 2005 12 01 or later.\n%\n% This work has the LPPL maintenance status ' maintained '.\n%\n% The Current Maintainer of this work is M. Y. Name .\n%\n% This work consists of the files pig.dtx and pig.ins\n% and the derived file pig.sty .\n\n",
    ),
    (
        "MPL-1.0",
        "'The contents of this file are subject to the Mozilla Public License Version 1.0 (the 'License'); you may not use this file except in compliance with the License. You may obtain a copy of the License at http: blackboxed url\n\nSoftware distributed under the License is distributed on an 'AS IS' basis, WITHOUT WARRANTY OF ANY KIND, either express or implied. See the License for the specific language governing rights and limitations under the License.\n\nThe Original Code is _ . The Initial Developer of the Original Code is _ . Portions created by _ are Copyright (C) _ . All Rights Reserved. Contributor(s): _ .'\n\n",
    ),
    (
        "MPL-1.1",
        "'The contents of this file are subject to the Mozilla Public License Version 1.1 (the 'License'); you may not use this file except in compliance with the License. You may obtain a copy of the License at http: blackboxed url\n\nSoftware distributed under the License is distributed on an 'AS IS' basis, WITHOUT WARRANTY OF ANY KIND, either express or implied. See the License for the specific language governing rights and limitations under the License.\n\nThe Original Code is _ .\n\nThe Initial Developer of the Original Code is _ .\nPortions created by _ are Copyright (C) _ . All Rights Reserved.\n\nContributor(s): _ .\n\nAlternatively, the contents of this file may be used under the terms of the _ license (the ' (_) License'), in which case the provisions of (_) License are applicable instead of those above. If you wish to allow use of your version of this file only under the terms of the (_) License and not to allow others to use your version of this file under the MPL, indicate your decision by deleting the provisions above and replace them with the notice and other provisions required by the (_) License. If you do not delete the provisions above, a recipient may use your version of this file under either the MPL or the (_) License.'\n\n",
    ),
    (
        "MPL-2.0",
        "This Source Code Form is subject to the terms of the Mozilla Public License, v. 2.0. If a copy of the MPL was not distributed with this file, You can obtain one at http: blackboxed url\n\n",
    ),
    (
        "MVT-1.1",
        "This Source Code Form is subject to the terms of the MVT License, v. 1.1. If a copy of the MVT License was not distributed with this file, You can obtain one at http: blackboxed url\n\n",
    ),
    (
        "MulanPSL-1.0",
        "Copyright (c) (2019) (name of copyright holder)\n\n(Software Name) is licensed under the Mulan PSL v1.\n\nYou can use this software according to the terms and conditions of the Mulan PSL v1.\n\nYou may obtain a copy of Mulan PSL v1 at:\n\nhttp: blackboxed url\n\nTHIS SOFTWARE IS PROVIDED ON AN 'AS IS' BASIS, WITHOUT WARRANTIES OF ANY KIND, EITHER EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO NON-INFRINGEMENT, MERCHANTABILITY OR FIT FOR A PARTICULAR PURPOSE.\n\nSee the Mulan PSL v1 for more details.\n\n",
    ),
    (
        "MulanPSL-2.0",
        "Copyright (c) (Year) (name of copyright holder)\n\n(Software Name) is licensed under Mulan PSL v2.\n\nYou can use this software according to the terms and conditions of the Mulan PSL v2.\n\nYou may obtain a copy of Mulan PSL v2 at:\n\nhttp: blackboxed url\n\nTHIS SOFTWARE IS PROVIDED ON AN 'AS IS' BASIS, WITHOUT WARRANTIES OF ANY KIND,\n\nEITHER EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO NON-INFRINGEMENT,\n\nMERCHANTABILITY OR FIT FOR A PARTICULAR PURPOSE.\n\nSee the Mulan PSL v2 for more details.\n\n",
    ),
    (
        "OCLC-2.0",
        "'Copyright (c) 2000- (insert then current year) OCLC Online Computer Library Center, Inc. and other contributors . All rights reserved. The contents of this file, as updated from time to time by the OCLC Office of Research, are subject to OCLC Research Public License Version 2.0 (the 'License'); you may not use this file except in compliance with the License. You may obtain a current copy of the License at http: blackboxed url Software distributed under the License is distributed on an 'AS IS' basis, WITHOUT WARRANTY OF ANY KIND, either express or implied. See the License for the specific language governing rights and limitations under the License. This software consists of voluntary contributions made by many individuals on behalf of OCLC Research. For more information on OCLC Research, please see http: blackboxed url The Original Code is _ . The Initial Developer of the Original Code is _ . Portions created by _ are Copyright (C) _ . All Rights Reserved. Contributor(s): _ .'\n\n",
    ),
    (
        "OSL-1.0",
        "'Licensed under the Open Software License version 1.0'\n\n",
    ),
    (
        "OSL-1.1",
        "Licensed under the Open Software License version 1.1\n\n",
    ),
    (
        "OSL-2.0",
        "Licensed under the Open Software License version 2.0\n\n",
    ),
    (
        "OSL-2.1",
        "Licensed under the Open Software License version 2.1\n\n",
    ),
    (
        "OSL-3.0",
        "Licensed under the Open Software License version 3.0\n\n",
    ),
    (
        "Pixar",
        "Copyright year name of author\nLicensed under the Apache License, Version 2.0 (the 'Apache License') with the following modification; you may not use this file except in compliance with the Apache License and the following modification to it: Section 6. Trademarks. is deleted and replaced with:\n\n6. Trademarks. This License does not grant permission to use the trade names, trademarks, service marks, or product names of the Licensor and its affiliates, except as required to comply with Section (c) of the License and to reproduce the content of the NOTICE file.\n\nYou may obtain a copy of the Apache License at\n\nhttp: blackboxed url\n\nUnless required by applicable law or agreed to in writing, software distributed under the Apache License with the above modification is distributed on an 'AS IS' BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the Apache License for the specific language governing permissions and limitations under the Apache License.\n\n",
    ),
    (
        "RPSL-1.0",
        "'Copyright (c) 1995-2002 RealNetworks, Inc. and or its licensors. All Rights Reserved.\n\nThe contents of this file, and the files included with this file, are subject to the current version of the RealNetworks Public Source License Version 1.0 (the 'RPSL') available at http: blackboxed url unless you have licensed the file under the RealNetworks Community Source License Version 1.0 (the 'RCSL') available at http: blackboxed url in which case the RCSL will apply. You may also obtain the license terms directly from RealNetworks. You may not use this file except in compliance with the RPSL or, if you have a valid RCSL with RealNetworks applicable to this file, the RCSL. Please see the applicable RPSL or RCSL for the rights, obligations and limitations governing use of the contents of the file.\n\nThis file is part of the Helix DNA Technology. RealNetworks is the developer of the Original code and owns the copyrights in the portions it created.\n\nThis file, and the files included with this file, is distributed and made available on an 'AS IS' basis, WITHOUT WARRANTY OF ANY KIND, EITHER EXPRESS OR IMPLIED, AND REALNETWORKS HEREBY DISCLAIMS ALL SUCH WARRANTIES, INCLUDING WITHOUT LIMITATION, ANY WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE, QUIET ENJOYMENT OR NON-INFRINGEMENT.\n\nContributor(s): _\n\nTechnology Compatibility Kit Test Suite(s) Location (if licensed under the RCSL): _'\n\n",
    ),
    (
        "SCEA",
        "Copyright 2005 Sony Computer Entertainment Inc.\n\nLicensed under the SCEA Shared Source License, Version 1.0 (the 'License'); you may not use this file except in compliance with the License. You may obtain a copy of the License at:\nhttp: blackboxed url\n\nUnless required by applicable law or agreed to in writing, software distributed under the License is distributed on an 'AS IS' BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the License for the specific language governing permissions and limitations under the License.\n\n",
    ),
    (
        "SGI-B-1.0",
        "License Applicability. Except to the extent portions of this file are made subject to an alternative license as permitted in the SGI Free Software License B, Version 1.0 (the 'License'), the contents of this file are subject only to the provisions of the License. You may not use this file except in compliance with the License. You may obtain a copy of the License at Silicon Graphics, Inc., attn: Legal Services, 1600 Ampitheatre Parkway, Mountain View, CA 9 0 3-1351, or at:\n\nhttp: blackboxed url\n\nNote that, as provided in the License, the Software is distributed on an 'AS IS' basis, with ALL EXPRESS AND IMPLIED WARRANTIES AND CONDITIONS DISCLAIMED, INCLUDING, WITHOUT LIMITATION, ANY IMPLIED WARRANTIES AND CONDITIONS OF MERCHANTABILITY, SATISFACTORY QUALITY, FITNESS FOR A PARTICULAR PURPOSE, AND NON-INFRINGEMENT.\n\nOriginal Code. The Original Code is: ( name of software , version number , and release date), developed by Silicon Graphics, Inc. The Original Code is Copyright (c) ( dates of first publication, as appearing in the Notice in the Original Code) Silicon Graphics, Inc. Copyright in any portions created by third parties is as indicated elsewhere herein. All Rights Reserved.\n\nAdditional Notice Provisions: ( such additional provisions, if any, as appear in the Notice in the Original Code under the heading 'Additional Notice Provisions')\n\n",
    ),
    (
        "SGI-B-1.1",
        "License Applicability. Except to the extent portions of this file are made subject to an alternative license as permitted in the SGI Free Software License B, Version 1.1 (the 'License'), the contents of this file are subject only to the provisions of the License. You may not use this file except in compliance with the License. You may obtain a copy of the License at Silicon Graphics, Inc., attn: Legal Services, 1600 Amphitheatre Parkway, Mountain View, CA 9 0 3-1351, or at:\n\nhttp: blackboxed url\n\nNote that, as provided in the License, the Software is distributed on an 'AS IS' basis, with ALL EXPRESS AND IMPLIED WARRANTIES AND CONDITIONS DISCLAIMED, INCLUDING, WITHOUT LIMITATION, ANY IMPLIED WARRANTIES AND CONDITIONS OF MERCHANTABILITY, SATISFACTORY QUALITY, FITNESS FOR A PARTICULAR PURPOSE, AND NON-INFRINGEMENT.\n\nOriginal Code. The Original Code is: ( name of software , version number , and release date) , developed by Silicon Graphics, Inc. The Original Code is Copyright (c) ( dates of first publication, as appearing in the Notice in the Original Code) Silicon Graphics, Inc. Copyright in any portions created by third parties is as indicated elsewhere herein. All Rights Reserved.\n\nAdditional Notice Provisions: ( such additional provisions, if any, as appear in the Notice in the Original Code under the heading 'Additional Notice Provisions')\n\n",
    ),
    (
        "SHL-0.5",
        "Copyright (yyyy) (name of copyright owner) Copyright and related rights are licensed under the Solderpad Hardware License, Version 0.5 (the 'License'); you may not use this file except in compliance with the License. You may obtain a copy of the License at http: blackboxed url Unless required by applicable law or agreed to in writing, software, hardware and materials distributed under this License is distributed on an 'AS IS' BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the License for the specific language governing permissions and limitations under the License.",
    ),
    (
        "SHL-0.51",
        "Copyright (yyyy) (name of copyright owner) Copyright and related rights are licensed under the Solderpad Hardware License, Version 0.51 (the 'License'); you may not use this file except in compliance with the License. You may obtain a copy of the License at http: blackboxed url Unless required by applicable law or agreed to in writing, software, hardware and materials distributed under this License is distributed on an 'AS IS' BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the License for the specific language governing permissions and limitations under the License.\n\n",
    ),
    (
        "SISSL",
        "'The contents of this file are subject to the Sun Standards License Version 1.1 (the 'License'); You may not use this file except in compliance with the License. You may obtain a copy of the License at _ .\n\nSoftware distributed under the License is distributed on an 'AS IS' basis, WITHOUT WARRANTY OF ANY KIND, either\nexpress or implied. See the License for the specific language governing rights and limitations under the License.\n\nThe Original Code is _ .\n\nThe Initial Developer of the Original Code is: Sun Microsystems, Inc. .\n\nPortions created by: _\n\nare Copyright (C): _\n\nAll Rights Reserved.\n\nContributor(s): _\n\n",
    ),
    (
        "SISSL-1.2",
        "'The contents of this file are subject to the Sun Industry Standards Source License Version 1.2 (the License); You\nmay not use this file except in compliance with the License.'\n\n'You may obtain a copy of the License at gridengine.sunsource.net license.html'\n\n'Software distributed under the License is distributed on an AS IS basis, WITHOUT WARRANTY OF ANY KIND, either express or\nimplied. See the License for the specific language governing rights and limitations under the License.'\n\n'The Original Code is Grid Engine.'\n\n'The Initial Developer of the Original Code is:\nSun Microsystems, Inc.'\n\n'Portions created by: Sun Microsystems, Inc. are Copyright (C) 2001 Sun Microsystems, Inc.'\n\n'All Rights Reserved.'\n\n'Contributor(s): _'\n\n",
    ),
    (
        "SPL-1.0",
        "The contents of this file are subject to the Sun Public License Version 1.0 (the License); you may not use this file except in compliance with the License. A copy of the License is available at http: blackboxed url\n\nThe Original Code is _ . The Initial Developer of the Original Code is _ . Portions created by _ are Copyright (C)_ . All Rights Reserved.\n\nContributor(s): _ .\n\nAlternatively, the contents of this file may be used under the terms of the _ license (the ?(_) License? ), in which case the provisions of (_) License are applicable instead of those above. If you wish to allow use of your version of this file only under the terms of the (_) License and not to allow others to use your version of this file under the SPL, indicate your decision by deleting the provisions above and replace them with the notice and other provisions required by the (_) License. If you do not delete the provisions above, a recipient may use your version of this file under either the SPL or the (_) License.\n\n",
    ),
    (
        "SSPL-1.0",
        "This program is free software: you can redistribute it and or modify it under the terms of the Server Side Public License, version 1, as published by MongoDB, Inc. This program is distributed in the hope that it will be useful, but WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE. See the Server Side Public License for more details. You should have received a copy of the Server Side Public License along with this program. If not, see http: blackboxed url",
    ),
    (
        "TGPPL-1.0",
        "*Licensed under the Transitive Grace Period Public Licence version 1.0*\n\n",
    ),
    (
        "TPL-1.0",
        "The contents of this file are subject to the THOR Public License Version 1.0 (the 'License'); you may not use this file except in compliance with the License.\n\nSoftware distributed under the License is distributed on an 'AS IS' basis, WITHOUT WARRANTY OF ANY KIND, either express or implied. See the License for the specificlanguage governing rights and limitations under the License.\n\nThe Original Code is _.\n\nThe Initial Developer of the Original Code is _.\n\nPortions created by _ are Copyright (C) _ _.\n\nAll Rights Reserved.\n\nContributor(s): _.\n\nAlternatively, the contents of this file may be used under the terms of the _ license (the (_) License), in which case the provisions of (_) License are applicable instead of those above. If you wish to allow use of your version of this file only under the terms of the (_) License and not to allow others to use your version of this file under the TPL, indicate your decision by deleting the provisions above and replace them with the notice and other provisions required by the (_) License. If you do not delete the provisions above, a recipient may use your version of this file under either the TPL or the (_) License.'\n\n",
    ),
    (
        "UCL-1.0",
        "Licensed under the Upstream Compatibility License 1.0\n\n",
    ),
    (
        "W3C",
        "Copyright (C) (date-of-software) World Wide Web Consortium, (Massachusetts Institute of Technology, European Research Consortium for Informatics and Mathematics, Keio University). All Rights Reserved.\nThis work is distributed under the W3C Software License in the hope that it will be useful, but WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.\n\n",
    ),
    (
        "W3C-20150513",
        "(name_of_software: distribution_URI) Copyright (c) (date-of-software) World Wide Web Consortium, (Massachusetts Institute of Technology, European Research Consortium for Informatics and Mathematics, Keio University, Beihang). All Rights Reserved. This work is distributed under the W3C Software License (1) in the hope that it will be useful, but WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE. (1) http: blackboxed url",
    ),
];

/// (The list entry's name, one of its short texts, original or alternate.)
pub(super) const LIST_SHORT_TEXTS: &[(&str, &str)] = &[
    (
        "App-s2p",
        "COPYRIGHT and LICENSE\n\nThis program is free and open software. You may use, modify,\ndistribute, and sell this program (and any modified variants) in any\nway you wish, provided you do not restrict others from doing the same.\n",
    ),
    (
        "Aspell-RU",
        "use copy redistribute is granted redistribute modifications in patch form is granted redistribute binaries made of modified sources is granted all other rights reserved",
    ),
    (
        "Dotseqn",
        "Copyright (C) 1995 by Donald Arseneau\n\nThis file may be freely transmitted and reproduced, but it may not be changed unless the name is changed also (except that you may freely change the paper-size option for documentclass).\n\nThis notice must be left intact.\n",
    ),
    (
        "FBM",
        "Portions of this code Copyright (C) 1989 by Michael Mauldin.\nPermission is granted to use this file in whole or in\npart for any purpose, educational, recreational or commercial,\nprovided that this copyright notice is retained unchanged.\nThis software is available to all free of charge by anonymous\nFTP and in the UUNET archives.\n",
    ),
    (
        "FSFAP-no-warranty-disclaimer",
        "Copyright (C) 2008 Micah J. Cowan\n\nCopying and distribution of this file, with or without modification,\nare permitted in any medium without royalty provided the copyright\nnotice and this notice are preserved.\n",
    ),
    (
        "FSFUL",
        "Copyright (C) 1992-1996, 1998-2012 Free Software Foundation, Inc.\n\nThis configure script is free software; the Free Software Foundation gives unlimited permission to copy, distribute and modify it.\n",
    ),
    (
        "FSFULLR",
        "Copyright 1996-2006 Free Software Foundation, Inc.\n\nThis file is free software; the Free Software Foundation gives unlimited permission to copy and or distribute it, with or without modifications, as long as this notice is preserved.\n",
    ),
    (
        "FSFULLRSD",
        "This file is free software; the Free Software Foundation\ngives unlimited permission to copy and or distribute it,\nwith or without modifications, as long as this notice is preserved.\nThis file is offered as-is, without any warranty.\n",
    ),
    (
        "Fair",
        "Fair License\n\nCopyright Information\n\nUsage of the works is permitted provided that this instrument is retained with the works, so that any entity that uses the works is notified of this instrument.\n\nDISCLAIMER: THE WORKS ARE WITHOUT WARRANTY.\n",
    ),
    (
        "Gutmann",
        "You can use this code in whatever way you want, as long as you don't try\nto claim you wrote it.\n",
    ),
    (
        "HIDAPI",
        "This software may be used by anyone for any reason so long\nas the copyright notice in the source files remains intact.\n",
    ),
    (
        "HPND-Markus-Kuhn",
        "Permission to use, copy, modify, and distribute this software\nfor any purpose and without fee is hereby granted. The author\ndisclaims all warranties with regard to this software.\n",
    ),
    (
        "HPND-sell-regexpr",
        "Author: Tatu Ylonen ylo@ngs.fi\n\nCopyright (c) 1991 Tatu Ylonen, Espoo, Finland\n\nPermission to use, copy, modify, distribute, and sell this software\nand its documentation for any purpose is hereby granted without\nfee, provided that the above copyright notice appear in all copies.\nThis software is provided 'as is' without express or implied\nwarranty.\n",
    ),
    (
        "ISO-permission",
        "(C) International Organization for Standardization 1986\nPermission to copy in any form is granted for use with\nconforming SGML systems and applications as defined\nin ISO 8879, provided this notice is included in all copies.\n",
    ),
    (
        "Jam",
        "License is hereby granted to use this software and distribute it freely,\nas long as this copyright notice is retained and modifications are\nclearly marked.\n\nALL WARRANTIES ARE HEREBY DISCLAIMED.\n",
    ),
    (
        "Kastrup",
        "Copyright(c) 2001 by David Kastrup\nAny use of the code is permitted as long as this copyright\nnotice is preserved in the code.\n",
    ),
    (
        "Knuth-CTAN",
        "This software is copyrighted. Unlimited copying and redistribution\nof this package and or its individual files are permitted\nas long as there are no modifications. Modifications, and\nredistribution of modifications, are also permitted, but\nonly if the resulting package and or files are renamed.\n",
    ),
    (
        "LZMA-SDK-9.11-to-9.20",
        "LICENSE\n-\n\nLZMA SDK is written and placed in the public domain by Igor Pavlov.\n\nSome code in LZMA is based on public domain code from another developers:\n1) PPMd var.H (2001): Dmitry Shkarin\n2) SHA-256: Wei Dai (Crypto library)\n",
    ),
    (
        "Linux-man-pages-1-para",
        "Permission is granted to distribute possibly modified\ncopies of this page provided the header is included\nverbatim, and in case of nontrivial modification author\nand date of the modification is added to the header.\n",
    ),
    (
        "MIPS",
        "Copyright (c) 1992, 1991, 1990 MIPS Computer Systems, Inc.\nMIPS Computer Systems, Inc. grants reproduction and use\nrights to all parties, PROVIDED that this comment is\nmaintained in the copy.\n",
    ),
    (
        "NIST-PD-TNT",
        "This software was developed at the National Institute of Standards and Technology (NIST) by employees of the Federal Government in the course of their official duties. Pursuant to title 17 Section 105 of the United States Code this software is not subject to copyright protection and is in the public domain. NIST assumes no responsibility whatsoever for its use by other parties, and makes no guarantees, expressed or implied, about its quality, reliability, or any other characteristic.\n\nWe would appreciate acknowledgement if the software is incorporated in redistributable libraries or applications.\n",
    ),
    (
        "NLPL",
        "NO LIMIT PUBLIC LICENSE\nVersion 0, June 2012\n\nGilles LAMIRAL\nLa Billais\n35580 Baulon\nFrance\n\nNO LIMIT PUBLIC LICENSE\n\nTerms and conditions for copying, distribution, modification\nor anything else.\n\n0. No limit to do anything with this work and this license.\n",
    ),
    (
        "PADL",
        "Portions (C) Copyright PADL Software Pty Ltd. 1999\n\nRedistribution and use in source and binary forms, with or without\nmodification, are permitted provided that this notice is preserved\nand that due credit is given to PADL Software Pty Ltd. This software\nis provided as is' without express or implied warranty.\n",
    ),
    (
        "SL",
        "Everyone is permitted to do anything on this program including copying,\nmodifying, and improving, unless you try to pretend that you wrote it.\ni.e., the above copyright notice has to appear in all copies.\nTHE AUTHOR DISCLAIMS ANY RESPONSIBILITY WITH REGARD TO THIS SOFTWARE.\n",
    ),
    (
        "SunPro",
        "Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.\n\nDeveloped at SunSoft, a Sun Microsystems, Inc. business.\nPermission to use, copy, modify, and distribute this\nsoftware is freely granted, provided that this notice\nis preserved.\n",
    ),
    (
        "TPDL",
        "Copyright (C) 1996-2010 David Muir Sharnoff. Copyright (C) 2011 Google, Inc.\nLicense hereby granted for anyone to use, modify or redistribute this module at their own risk. Please feed useful changes back to cpan@dave.sharnoff.org.\n",
    ),
    (
        "TTWL",
        "Copyright (C) 1996-2002,2005,2006 David Muir Sharnoff.\nCopyright (C) 2005 Aristotle Pagaltzis\nCopyright (C) 2012-2013 Google, Inc.\n\nThis module may be modified, used, copied, and redistributed at your own risk.\nAlthough allowed by the preceding license, please do not publicly\nredistribute modified versions of this code with the name 'Text::Tabs'\nunless it passes the unmodified Text::Tabs test suite.\n",
    ),
    (
        "ThirdEye",
        "(C) Copyright 198 by Third Eye Software, Inc.\n\nThird Eye Software, Inc. grants reproduction and use rights to\nall parties, PROVIDED that this comment is maintained in the copy.\n\nThird Eye makes no claims about the applicability of this\nsymbol table to a particular use.\n",
    ),
    (
        "UnixCrypt",
        "Copyright (c) 1996 Aki Yoshida. All rights reserved.\n\nPermission to use, copy, modify and distribute this software\nfor non-commercial or commercial purposes and without fee is\nhereby granted provided that this copyright notice appears in\nall copies.\n",
    ),
    (
        "Zed",
        "(c) Jim Davies, January 1995\nYou may copy and distribute this file freely. Any queries and complaints should be forwarded to Jim.Davies@comlab.ox.ac.uk.\nIf you make any changes to this file, please do not distribute the results under the name zed-csp.sty'.\n",
    ),
    (
        "Zeeff",
        "Copyright 1988 Jon Zeeff (zeeff@b-tech.ann-arbor.mi.us)\nYou can use this code in any manner, as long as you leave my\nname on it and don't hold me responsible for any problems with it.\n",
    ),
    (
        "any-OSI",
        "Pick your favourite OSI approved license :)\n\nhttp: blackboxed url\n",
    ),
    (
        "atc-game",
        "Copyright (c) 1987 by Ed James, UC Berkeley. All rights reserved.\n\nCopy permission is hereby granted provided that this notice is\nretained on all partial or complete copies.\n\nFor more info on this and all of my stuff, mail edjames@berkeley.edu.\n",
    ),
    (
        "blessing",
        "The author disclaims copyright to this source code. In place of a legal notice, here is a blessing:\n\nMay you do good and not evil.\nMay you find forgiveness for yourself and forgive others.\nMay you share freely, never taking more than you give.\n",
    ),
    (
        "check-cvs",
        "Permission is granted to copy and or distribute this file, with or\nwithout modifications, provided this notice is preserved.\n",
    ),
    (
        "diffmark",
        "1. you can do what you want with it\n2. I refuse any responsibility for the consequences\n",
    ),
    (
        "dvipdfm",
        "A modified version of this file may be distributed, but it should be distributed with a *different* name. Changed files must be distributed *together with a complete and unchanged* distribution of these files.\n",
    ),
    (
        "fwlw",
        "Copyright (C) 1993,1995 by Donald Arseneau\nVancouver, Canada, email asnd@triumf.ca\n\nThis software package may be freely used, transmitted, reproduced, or modified provided that\nthis notice is left intact.\n",
    ),
    (
        "gtkbook",
        "Copyright 2005 Syd Logan, All Rights Reserved\n\nThis code is distributed without warranty. You are free to use\nthis code for any purpose, however, if this code is republished or\nredistributed in its original form, as hardcopy or electronically,\nthen you must include this copyright notice along with the code.\n",
    ),
    (
        "hdparm",
        "BSD-Style Open Source License:\n\nYou may freely use, modify, and redistribute the hdparm program,\nas either binary or source, or both.\n\nThe only condition is that my name and copyright notice\nremain in the source code as-is.\n\nMark Lord (mlord@pobox.com)\n",
    ),
    (
        "jove",
        "This program is Copyright (C) 1986-2002 by Jonathan Payne. JOVE is\nprovided by Jonathan and Jovehacks without charge and without\nwarranty. You may copy, modify, and or distribute JOVE, provided that\nthis notice is included in all the source files and documentation.\n",
    ),
    (
        "magaz",
        "Copyright 1999-2011, Donald Arseneau, asnd@triumf.ca, Vancouver, Canada\n\nThis software may be freely used, transmitted, reproduced, or modified provided that\nthe copyright notice and this permission is retained.\n",
    ),
    (
        "man2html",
        "Permission is granted to distribute, modify and use this program\nas long as this comment is not removed or changed.\n",
    ),
    (
        "mplus",
        "\nThese fonts are free softwares. Unlimited permission is\ngranted to use, copy, and distribute it, with or without\nmodification, either commercially and noncommercially.\nTHESE FONTS ARE PROVIDED 'AS IS' WITHOUT WARRANTY.\n\n",
    ),
    (
        "snprintf",
        "Copyright Patrick Powell 1995\n\nThis code is based on code written by Patrick Powell (papowell@astart.com) It may be used for any purpose as long as this notice remains intact on all source code distributions\n",
    ),
    (
        "ssh-keyscan",
        "* Copyright 1995, 1996 by David Mazieres dm@lcs.mit.edu.\n*\n* Modification and redistribution in source and binary forms is\n* permitted provided that due credit is given to the author and the\n* OpenBSD project by leaving this copyright notice intact.\n",
    ),
    (
        "threeparttable",
        "This file may be distributed, modified, and used in other works with just\none restriction: modified versions must clearly indicate the modification\n(a name change, or a displayed message, or ?).\n",
    ),
    (
        "ulem",
        "Copyright 1989-2019 by Donald Arseneau (Vancouver, Canada, asnd@triumf.ca)\n\nThis software may be freely transmitted, reproduced, or modified\nfor any purpose provided that this copyright notice is left intact.\n",
    ),
];
